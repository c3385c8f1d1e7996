// Reads Q_CLASSINFO("rex.*", ...) annotations and Q_PROPERTY declarations into an EntityInfo.
// The grammar is documented in docs/models.md.
#include <rexorm/meta/decimal.h>
#include <rexorm/meta/registry.h>

#include <QtCore/QByteArray>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QMap>
#include <QtCore/QMetaProperty>
#include <QtCore/QRegularExpression>
#include <QtCore/QUuid>

#include <optional>

namespace RexOrm {

namespace {

struct Token
{
    QString key;
    QString value;
    bool hasValue = false;
};

class Context
{
public:
    QString className;
    QString key;

    [[noreturn]] void fail(const QString &what) const
    {
        throw MetadataError(QStringLiteral("%1: %2: %3").arg(className, key, what));
    }
};

// "length=255 notNull validate.pattern='^[a-z ]+$' message.required='Name cannot be empty'"
QList<Token> tokenize(const QString &text, const Context &context)
{
    QList<Token> tokens;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        while (i < n && text[i].isSpace())
            ++i;
        if (i >= n)
            break;
        Token token;
        while (i < n && !text[i].isSpace() && text[i] != u'=')
            token.key += text[i++];
        if (i < n && text[i] == u'=') {
            token.hasValue = true;
            ++i;
            if (i < n && text[i] == u'\'') {
                ++i;
                bool closed = false;
                while (i < n) {
                    if (text[i] == u'\'') {
                        if (i + 1 < n && text[i + 1] == u'\'') {
                            token.value += u'\'';
                            i += 2;
                            continue;
                        }
                        closed = true;
                        ++i;
                        break;
                    }
                    token.value += text[i++];
                }
                if (!closed)
                    context.fail(
                        QStringLiteral("unterminated quoted value for \"%1\"").arg(token.key));
            } else {
                while (i < n && !text[i].isSpace())
                    token.value += text[i++];
            }
        }
        if (token.key.isEmpty())
            context.fail(QStringLiteral("a value without a name near \"%1\"").arg(text.mid(i, 20)));
        tokens << token;
    }
    return tokens;
}

int intValue(const Token &token, const Context &context, int minimum = 0)
{
    bool ok = false;
    const int value = token.value.toInt(&ok);
    if (!token.hasValue || !ok || value < minimum)
        context.fail(QStringLiteral("\"%1\" expects a whole number of at least %2, got \"%3\"")
                         .arg(token.key)
                         .arg(minimum)
                         .arg(token.value));
    return value;
}

void expectFlag(const Token &token, const Context &context)
{
    if (token.hasValue)
        context.fail(QStringLiteral("\"%1\" is a flag and takes no value").arg(token.key));
}

struct TypeGuess
{
    std::optional<ColumnType> type;
    bool nullableByDefault = true;
    bool optional = false; // std::optional<T>
};

TypeGuess guessType(QMetaType metaType)
{
    TypeGuess guess;
    QMetaType inner = metaType;
    const QByteArray name = metaType.name();
    if (name.startsWith("std::optional<") && name.endsWith('>')) {
        inner = QMetaType::fromName(name.mid(14, name.size() - 15));
        guess.optional = true;
    }
    switch (inner.id()) {
    case QMetaType::Bool:
        guess.type = ColumnType::Boolean;
        guess.nullableByDefault = false;
        break;
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::Char:
        guess.type = ColumnType::SmallInt;
        guess.nullableByDefault = false;
        break;
    case QMetaType::Int:
        guess.type = ColumnType::Integer;
        guess.nullableByDefault = false;
        break;
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        guess.type = ColumnType::BigInt;
        guess.nullableByDefault = false;
        break;
    case QMetaType::Float:
        guess.type = ColumnType::Real;
        guess.nullableByDefault = false;
        break;
    case QMetaType::Double:
        guess.type = ColumnType::Double;
        guess.nullableByDefault = false;
        break;
    case QMetaType::QString:
        guess.type = ColumnType::String;
        break;
    case QMetaType::QByteArray:
        guess.type = ColumnType::Binary;
        break;
    case QMetaType::QDate:
        guess.type = ColumnType::Date;
        break;
    case QMetaType::QTime:
        guess.type = ColumnType::Time;
        break;
    case QMetaType::QDateTime:
        guess.type = ColumnType::DateTime;
        break;
    case QMetaType::QUuid:
        guess.type = ColumnType::Uuid;
        break;
    case QMetaType::QJsonObject:
    case QMetaType::QJsonArray:
    case QMetaType::QJsonValue:
    case QMetaType::QJsonDocument:
    case QMetaType::QVariantMap:
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
        guess.type = ColumnType::Json;
        break;
    case QMetaType::QVariant:
        break; // the annotation must say: type=...
    default:
        if (inner == QMetaType::fromType<Decimal>())
            guess.type = ColumnType::Decimal;
        break;
    }
    if (guess.optional)
        guess.nullableByDefault = true;
    return guess;
}

bool isIntegral(ColumnType type)
{
    return type == ColumnType::SmallInt || type == ColumnType::Integer ||
           type == ColumnType::BigInt;
}

void applyColumnTokens(ColumnInfo &column, bool &transient, const QList<Token> &tokens,
                       const Context &context, bool &explicitNullability)
{
    QMap<QString, QString> messages;
    const auto rule = [&](const QString &kind, const QVariant &argument = {}) {
        for (const ValidationRule &existing : std::as_const(column.rules)) {
            if (existing.kind == kind)
                context.fail(QStringLiteral("validate.%1 is given twice").arg(kind));
        }
        column.rules.append({kind, argument, {}});
    };
    for (const Token &token : tokens) {
        const QString &key = token.key;
        if (key == u"primaryKey") {
            expectFlag(token, context);
            column.primaryKey = true;
        } else if (key == u"autoIncrement") {
            expectFlag(token, context);
            column.autoIncrement = true;
        } else if (key == u"notNull") {
            expectFlag(token, context);
            column.nullable = false;
            explicitNullability = true;
        } else if (key == u"nullable") {
            expectFlag(token, context);
            column.nullable = true;
            explicitNullability = true;
        } else if (key == u"unique") {
            expectFlag(token, context);
            column.unique = true;
        } else if (key == u"hidden") {
            expectFlag(token, context);
            column.hidden = true;
        } else if (key == u"transient") {
            expectFlag(token, context);
            transient = true;
        } else if (key == u"version") {
            expectFlag(token, context);
            column.version = true;
        } else if (key == u"readOnly") {
            expectFlag(token, context);
            column.readOnly = true;
        } else if (key == u"column") {
            static const QRegularExpression identifier(
                QStringLiteral("^[\\p{L}_][\\p{L}\\p{N}_$]*$"));
            if (!token.hasValue || !identifier.match(token.value).hasMatch())
                context.fail(
                    QStringLiteral("column= expects a column name, got \"%1\"").arg(token.value));
            column.name = token.value;
        } else if (key == u"type") {
            const std::optional<ColumnType> type = columnTypeFromName(token.value);
            if (!type)
                context.fail(QStringLiteral("type= expects one of %1, got \"%2\"")
                                 .arg(columnTypeNames().join(QStringLiteral(", ")), token.value));
            column.type = *type;
        } else if (key == u"length") {
            column.length = intValue(token, context, 1);
        } else if (key == u"precision") {
            column.precision = intValue(token, context, 1);
        } else if (key == u"scale") {
            column.scale = intValue(token, context, 0);
        } else if (key == u"default") {
            if (!token.hasValue)
                context.fail(QStringLiteral("default= expects a value"));
            column.defaultValue = token.value;
        } else if (key == u"defaultSql") {
            if (!token.hasValue)
                context.fail(QStringLiteral("defaultSql= expects an SQL expression"));
            column.defaultExpression = token.value;
        } else if (key == u"validate.required" || key == u"validate.email" ||
                   key == u"validate.url") {
            expectFlag(token, context);
            rule(key.mid(9));
        } else if (key == u"validate.minLength" || key == u"validate.maxLength") {
            rule(key.mid(9), intValue(token, context, 0));
        } else if (key == u"validate.min" || key == u"validate.max") {
            bool ok = false;
            const double bound = token.value.toDouble(&ok);
            if (!token.hasValue || !ok)
                context.fail(
                    QStringLiteral("%1= expects a number, got \"%2\"").arg(key, token.value));
            rule(key.mid(9), bound);
        } else if (key == u"validate.pattern") {
            const QRegularExpression pattern(token.value);
            if (!token.hasValue || !pattern.isValid())
                context.fail(QStringLiteral("validate.pattern= expects a regular expression: %1")
                                 .arg(pattern.errorString()));
            rule(QStringLiteral("pattern"), token.value);
        } else if (key == u"validate.oneOf") {
            const QStringList choices = token.value.split(u'|');
            if (!token.hasValue || token.value.isEmpty())
                context.fail(QStringLiteral(
                    "validate.oneOf= expects choices separated by |, as 'draft|published'"));
            rule(QStringLiteral("oneOf"), choices);
        } else if (key.startsWith(u"message.")) {
            if (!token.hasValue)
                context.fail(QStringLiteral("%1= expects the message text").arg(key));
            messages.insert(key.mid(8), token.value);
        } else {
            context.fail(
                QStringLiteral(
                    "unknown option \"%1\"; expected primaryKey, autoIncrement, notNull, nullable, "
                    "unique, hidden, transient, version, readOnly, column=, type=, length=, "
                    "precision=, scale=, default=, defaultSql=, validate.<rule>, message.<rule>=")
                    .arg(key));
        }
    }
    for (auto it = messages.begin(); it != messages.end(); ++it) {
        auto found = std::find_if(column.rules.begin(), column.rules.end(),
                                  [&](const ValidationRule &r) { return r.kind == it.key(); });
        if (found == column.rules.end())
            context.fail(QStringLiteral("message.%1 names no validate.%1 rule of this column")
                             .arg(it.key()));
        found->message = it.value();
    }
}

RelationInfo parseRelation(const QString &name, const QString &text, const Context &context)
{
    const QList<Token> tokens = tokenize(text, context);
    static const QMap<QString, RelationInfo::Kind> kinds = {
        {QStringLiteral("hasOne"), RelationInfo::HasOne},
        {QStringLiteral("belongsTo"), RelationInfo::BelongsTo},
        {QStringLiteral("hasMany"), RelationInfo::HasMany},
        {QStringLiteral("belongsToMany"), RelationInfo::BelongsToMany},
    };
    if (tokens.size() < 2 || tokens[0].hasValue || tokens[1].hasValue ||
        !kinds.contains(tokens[0].key))
        context.fail(QStringLiteral(
            "expected \"<hasOne|belongsTo|hasMany|belongsToMany> <TargetEntity> [options]\""));
    RelationInfo relation;
    relation.name = name;
    relation.kind = kinds.value(tokens[0].key);
    relation.target = tokens[1].key;
    for (qsizetype i = 2; i < tokens.size(); ++i) {
        const Token &token = tokens[i];
        if (!token.hasValue || token.value.isEmpty())
            context.fail(QStringLiteral("\"%1\" expects a value").arg(token.key));
        if (token.key == u"foreignKey")
            relation.foreignKey = token.value;
        else if (token.key == u"localKey")
            relation.localKey = token.value;
        else if (token.key == u"through" && relation.kind == RelationInfo::BelongsToMany)
            relation.pivotTable = token.value;
        else if (token.key == u"pivotForeignKey" && relation.kind == RelationInfo::BelongsToMany)
            relation.pivotForeignKey = token.value;
        else if (token.key == u"pivotRelatedKey" && relation.kind == RelationInfo::BelongsToMany)
            relation.pivotRelatedKey = token.value;
        else if (token.key == u"pivotColumns" && relation.kind == RelationInfo::BelongsToMany)
            relation.pivotColumns = token.value.split(u',');
        else
            context.fail(
                QStringLiteral("unknown option \"%1\" for %2; expected foreignKey=, localKey=%3")
                    .arg(token.key, tokens[0].key,
                         relation.kind == RelationInfo::BelongsToMany
                             ? QStringLiteral(
                                   ", through=, pivotForeignKey=, pivotRelatedKey=, pivotColumns=")
                             : QString()));
    }
    return relation;
}

} // namespace

QString toSnakeCase(QStringView name)
{
    QString out;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name[i];
        if (c.isUpper()) {
            const bool previousLower = i > 0 && (name[i - 1].isLower() || name[i - 1].isDigit());
            const bool nextLower = i + 1 < name.size() && name[i + 1].isLower();
            if (i > 0 && (previousLower || (nextLower && name[i - 1].isUpper())))
                out += u'_';
            out += c.toLower();
        } else {
            out += c;
        }
    }
    return out;
}

EntityInfo entityFromMetaObject(const QMetaObject &metaObject, bool isGadget)
{
    EntityInfo entity;
    QString className = QString::fromLatin1(metaObject.className());
    entity.name = className.mid(className.lastIndexOf(u':') + 1);
    entity.metaObject = &metaObject;
    entity.isGadget = isGadget;
    entity.table = toSnakeCase(entity.name);
    Context context{className, QString()};

    // All rex.* annotations, base classes first so a subclass can override.
    QMap<QString, QString> annotations;
    for (int i = 0; i < metaObject.classInfoCount(); ++i) {
        const QMetaClassInfo info = metaObject.classInfo(i);
        const QString key = QString::fromUtf8(info.name());
        if (key.startsWith(u"rex."))
            annotations.insert(key, QString::fromUtf8(info.value()));
    }

    QMap<QString, QString> columnAnnotations;
    QStringList declaredPrimaryKey;
    for (auto it = annotations.begin(); it != annotations.end(); ++it) {
        context.key = it.key();
        const QString &key = it.key();
        if (key == u"rex.table") {
            static const QRegularExpression tableName(QStringLiteral(
                "^(?:([\\p{L}_][\\p{L}\\p{N}_$]*)\\.)?([\\p{L}_][\\p{L}\\p{N}_$]*)$"));
            const auto m = tableName.match(it.value().trimmed());
            if (!m.hasMatch())
                context.fail(QStringLiteral("expected a table name or schema.table, got \"%1\"")
                                 .arg(it.value()));
            entity.schema = m.captured(1);
            entity.table = m.captured(2);
        } else if (key == u"rex.entity") {
            if (it.value().trimmed().isEmpty())
                context.fail(QStringLiteral("expected an entity name"));
            entity.name = it.value().trimmed();
        } else if (key == u"rex.readOnly") {
            entity.readOnly = true;
        } else if (key == u"rex.primaryKey") {
            declaredPrimaryKey = it.value().split(u',', Qt::SkipEmptyParts);
            for (QString &part : declaredPrimaryKey)
                part = part.trimmed();
            if (declaredPrimaryKey.isEmpty())
                context.fail(
                    QStringLiteral("expected one or more property names separated by commas"));
        } else if (key.startsWith(u"rex.column.")) {
            columnAnnotations.insert(key.mid(11), it.value());
        } else if (key.startsWith(u"rex.relation.")) {
            entity.relations << parseRelation(key.mid(13), it.value(), context);
        } else if (key.startsWith(u"rex.index.")) {
            IndexInfo index;
            index.name = key.mid(10);
            for (const Token &token : tokenize(it.value(), context)) {
                if (token.key == u"columns" && token.hasValue)
                    index.columns = token.value.split(u',', Qt::SkipEmptyParts);
                else if (token.key == u"unique" && !token.hasValue)
                    index.unique = true;
                else
                    context.fail(
                        QStringLiteral("unknown option \"%1\"; expected columns=a,b and unique")
                            .arg(token.key));
            }
            if (index.columns.isEmpty())
                context.fail(QStringLiteral("expected columns=a,b"));
            entity.indexes << index;
        } else {
            context.fail(
                QStringLiteral("unknown annotation; expected rex.table, rex.entity, rex.readOnly, "
                               "rex.primaryKey, rex.column.<property>, rex.relation.<name> or "
                               "rex.index.<name>"));
        }
    }

    const int firstProperty = isGadget ? 0 : QObject::staticMetaObject.propertyCount();
    QStringList properties;
    for (int i = firstProperty; i < metaObject.propertyCount(); ++i) {
        const QMetaProperty property = metaObject.property(i);
        const QString propertyName = QString::fromLatin1(property.name());
        properties << propertyName;
        context.key = QStringLiteral("rex.column.") + propertyName;
        bool transient = false;
        bool explicitNullability = false;
        ColumnInfo column;
        column.name = propertyName;
        column.property = propertyName;
        column.propertyIndex = i;
        column.metaType = property.metaType();
        const TypeGuess guess = guessType(property.metaType());
        if (guess.type)
            column.type = *guess.type;
        column.nullable = guess.nullableByDefault;
        const QList<Token> tokens = tokenize(columnAnnotations.value(propertyName), context);
        applyColumnTokens(column, transient, tokens, context, explicitNullability);
        if (transient || !property.isStored())
            continue;
        const bool typeGiven = std::any_of(tokens.begin(), tokens.end(),
                                           [](const Token &t) { return t.key == u"type"; });
        if (!guess.type && !typeGiven)
            context.fail(
                QStringLiteral(
                    "property of type %1 has no column type; add type=<%2> or mark it transient")
                    .arg(QString::fromLatin1(property.typeName()), columnTypeNames().join(u'|')));
        if (!property.isWritable() && !column.readOnly && !entity.readOnly)
            context.fail(QStringLiteral(
                "property has no WRITE or MEMBER; add one, or mark it readOnly or transient"));
        if (guess.optional && explicitNullability && !column.nullable)
            context.fail(QStringLiteral("a std::optional property cannot be notNull"));
        entity.columns << column;
    }
    for (auto it = columnAnnotations.begin(); it != columnAnnotations.end(); ++it) {
        if (!properties.contains(it.key())) {
            context.key = QStringLiteral("rex.column.") + it.key();
            context.fail(QStringLiteral("names no Q_PROPERTY of the class (properties: %1)")
                             .arg(properties.join(QStringLiteral(", "))));
        }
    }

    // Primary key: flagged columns, rex.primaryKey, or by convention a property named "id".
    context.key = QStringLiteral("rex.primaryKey");
    for (const QString &property : std::as_const(declaredPrimaryKey)) {
        auto it = std::find_if(entity.columns.begin(), entity.columns.end(),
                               [&](const ColumnInfo &c) { return c.property == property; });
        if (it == entity.columns.end())
            context.fail(QStringLiteral("\"%1\" is not a column property").arg(property));
        it->primaryKey = true;
    }
    bool hasKey = std::any_of(entity.columns.begin(), entity.columns.end(),
                              [](const ColumnInfo &c) { return c.primaryKey; });
    if (!hasKey) {
        auto id = std::find_if(entity.columns.begin(), entity.columns.end(),
                               [](const ColumnInfo &c) { return c.property == u"id"; });
        if (id != entity.columns.end()) {
            id->primaryKey = true;
            id->autoIncrement = id->autoIncrement || isIntegral(id->type);
            hasKey = true;
        }
    }
    if (!hasKey && !entity.readOnly)
        context.fail(
            QStringLiteral(
                "%1 has no primary key: mark a column primaryKey, list rex.primaryKey, name a "
                "property \"id\", or declare rex.readOnly for a view")
                .arg(entity.name));
    int versions = 0;
    for (ColumnInfo &column : entity.columns) {
        context.key = QStringLiteral("rex.column.") + column.property;
        if (column.primaryKey) {
            column.nullable = false;
            entity.primaryKey << column.name;
        }
        if (column.autoIncrement && !isIntegral(column.type))
            context.fail(QStringLiteral("autoIncrement needs an integer column"));
        if (column.version && !isIntegral(column.type))
            context.fail(QStringLiteral("a version column must be an integer"));
        versions += column.version ? 1 : 0;
        if (column.type == ColumnType::Decimal && column.scale > column.precision &&
            column.precision > 0)
            context.fail(QStringLiteral("scale %1 exceeds precision %2")
                             .arg(column.scale)
                             .arg(column.precision));
    }
    if (versions > 1)
        context.fail(QStringLiteral("more than one version column"));

    // Relation defaults, and the foreign keys a belongsTo needs on this entity.
    const QString self = toSnakeCase(entity.name);
    for (RelationInfo &relation : entity.relations) {
        context.key = QStringLiteral("rex.relation.") + relation.name;
        const QString target = toSnakeCase(relation.target);
        switch (relation.kind) {
        case RelationInfo::HasOne:
        case RelationInfo::HasMany:
            if (relation.foreignKey.isEmpty())
                relation.foreignKey = self + QStringLiteral("_id");
            if (relation.localKey.isEmpty())
                relation.localKey = entity.primaryKey.value(0);
            break;
        case RelationInfo::BelongsTo:
            if (relation.foreignKey.isEmpty())
                relation.foreignKey = target + QStringLiteral("_id");
            if (relation.localKey.isEmpty())
                relation.localKey = QStringLiteral("id");
            if (const ColumnInfo *byProperty = entity.columnForProperty(relation.foreignKey))
                relation.foreignKey = byProperty->name;
            if (!entity.column(relation.foreignKey))
                context.fail(QStringLiteral("foreign key \"%1\" is not a column of %2")
                                 .arg(relation.foreignKey, entity.name));
            break;
        case RelationInfo::BelongsToMany:
            if (relation.pivotTable.isEmpty()) {
                QStringList pair = {self, target};
                pair.sort();
                relation.pivotTable = pair.join(u'_');
            }
            if (relation.pivotForeignKey.isEmpty())
                relation.pivotForeignKey = self + QStringLiteral("_id");
            if (relation.pivotRelatedKey.isEmpty())
                relation.pivotRelatedKey = target + QStringLiteral("_id");
            if (relation.localKey.isEmpty())
                relation.localKey = entity.primaryKey.value(0);
            break;
        }
    }
    for (IndexInfo &index : entity.indexes) {
        context.key = QStringLiteral("rex.index.") + index.name;
        for (QString &name : index.columns) {
            name = name.trimmed();
            if (const ColumnInfo *byProperty = entity.columnForProperty(name))
                name = byProperty->name;
            if (!entity.column(name))
                context.fail(QStringLiteral("\"%1\" is not a column").arg(name));
        }
    }
    return entity;
}

} // namespace RexOrm
