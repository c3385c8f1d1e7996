#include "modelwriter_p.h"
#include "output_p.h"

#include <QtCore/QRegularExpression>
#include <QtCore/QSet>

namespace RexOrm::Cli {

namespace {

struct CppType
{
    QString name;
    QString include;        // "" for built-in types
    QString defaultType;    // the annotation type the C++ type maps to by itself
    bool nullableByDefault; // QString and friends: NULL fits without std::optional
};

CppType cppType(ColumnType type)
{
    switch (type) {
    case ColumnType::Boolean:
        return {QStringLiteral("bool"), {}, QStringLiteral("boolean"), false};
    case ColumnType::SmallInt:
    case ColumnType::Integer:
        return {QStringLiteral("int"), {}, QStringLiteral("integer"), false};
    case ColumnType::BigInt:
        return {QStringLiteral("qint64"), {}, QStringLiteral("bigint"), false};
    case ColumnType::Real:
        return {QStringLiteral("float"), {}, QStringLiteral("real"), false};
    case ColumnType::Double:
        return {QStringLiteral("double"), {}, QStringLiteral("double"), false};
    case ColumnType::Decimal:
        return {QStringLiteral("RexOrm::Decimal"), QStringLiteral("rexorm/meta/decimal.h"),
                QStringLiteral("decimal"), true};
    case ColumnType::String:
    case ColumnType::Text:
        return {QStringLiteral("QString"), QStringLiteral("QtCore/QString"),
                QStringLiteral("string"), true};
    case ColumnType::Binary:
        return {QStringLiteral("QByteArray"), QStringLiteral("QtCore/QByteArray"),
                QStringLiteral("binary"), true};
    case ColumnType::Date:
        return {QStringLiteral("QDate"), QStringLiteral("QtCore/QDate"), QStringLiteral("date"),
                true};
    case ColumnType::Time:
        return {QStringLiteral("QTime"), QStringLiteral("QtCore/QTime"), QStringLiteral("time"),
                true};
    case ColumnType::DateTime:
    case ColumnType::DateTimeTz:
        return {QStringLiteral("QDateTime"), QStringLiteral("QtCore/QDateTime"),
                QStringLiteral("datetime"), true};
    case ColumnType::Json:
        return {QStringLiteral("QJsonValue"), QStringLiteral("QtCore/QJsonValue"),
                QStringLiteral("json"), true};
    case ColumnType::Uuid:
        return {QStringLiteral("QUuid"), QStringLiteral("QtCore/QUuid"), QStringLiteral("uuid"),
                true};
    }
    return {QStringLiteral("QString"), QStringLiteral("QtCore/QString"), QStringLiteral("string"),
            true};
}

// An annotation value: single-quoted when it has blanks or quotes.
QString optionValue(const QString &value)
{
    if (!value.isEmpty() && !value.contains(QRegularExpression(QStringLiteral("[\\s']"))))
        return value;
    QString quoted = value;
    quoted.replace(u'\'', QStringLiteral("''"));
    return u'\'' + quoted + u'\'';
}

// A string literal for Q_CLASSINFO.
QString cString(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    return u'"' + escaped + u'"';
}

bool isIdentifier(const QString &name)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return identifier.match(name).hasMatch();
}

} // namespace

QString propertyNameFor(const QString &column)
{
    QString name;
    bool upper = false;
    for (const QChar c : column) {
        if (!c.isLetterOrNumber() || c.unicode() > 127) {
            upper = !name.isEmpty();
            continue;
        }
        name += upper ? c.toUpper() : c;
        upper = false;
    }
    if (name.isEmpty() || name.front().isDigit())
        name.prepend(u'c');
    // ArtistId -> artistId, ID -> id, URLPath -> urlPath
    qsizetype lead = 0;
    while (lead < name.size() && name[lead].isUpper())
        ++lead;
    if (lead == 1 || lead == name.size())
        name = name.left(lead).toLower() + name.mid(lead);
    else if (lead > 1)
        name = name.left(lead - 1).toLower() + name.mid(lead - 1);
    static const QSet<QString> reserved = {
        QStringLiteral("auto"), QStringLiteral("bool"), QStringLiteral("break"),
        QStringLiteral("case"), QStringLiteral("char"), QStringLiteral("class"),
        QStringLiteral("const"), QStringLiteral("default"), QStringLiteral("delete"),
        QStringLiteral("do"), QStringLiteral("double"), QStringLiteral("else"),
        QStringLiteral("enum"), QStringLiteral("explicit"), QStringLiteral("float"),
        QStringLiteral("for"), QStringLiteral("friend"), QStringLiteral("if"),
        QStringLiteral("int"), QStringLiteral("long"), QStringLiteral("new"),
        QStringLiteral("operator"), QStringLiteral("private"), QStringLiteral("protected"),
        QStringLiteral("public"), QStringLiteral("return"), QStringLiteral("short"),
        QStringLiteral("signed"), QStringLiteral("signals"), QStringLiteral("slots"),
        QStringLiteral("static"), QStringLiteral("struct"), QStringLiteral("switch"),
        QStringLiteral("template"), QStringLiteral("this"), QStringLiteral("throw"),
        QStringLiteral("try"), QStringLiteral("typename"), QStringLiteral("union"),
        QStringLiteral("unsigned"), QStringLiteral("using"), QStringLiteral("virtual"),
        QStringLiteral("void"), QStringLiteral("while"), QStringLiteral("parent"),
        QStringLiteral("changed"), QStringLiteral("emit"), QStringLiteral("foreach"),
        // QObject and RexOrm::Model members a data member would hide
        QStringLiteral("children"), QStringLiteral("objectName"), QStringLiteral("thread"),
        QStringLiteral("event"), QStringLiteral("sender"), QStringLiteral("connect"),
        QStringLiteral("disconnect"), QStringLiteral("tr"), QStringLiteral("metaObject"),
        QStringLiteral("isNew"), QStringLiteral("snapshot"), QStringLiteral("saved"),
        QStringLiteral("removed"), QStringLiteral("property"), QStringLiteral("setProperty"),
        QStringLiteral("destroyed"), QStringLiteral("inherits"), QStringLiteral("deleteLater"),
        QStringLiteral("setParent"), QStringLiteral("receivers"), QStringLiteral("startTimer"),
        QStringLiteral("killTimer"), QStringLiteral("blockSignals"), QStringLiteral("d_ptr"),
        QStringLiteral("staticMetaObject")};
    if (reserved.contains(name))
        name += u'_';
    return name;
}

GeneratedModel generateModel(const EntityInfo &entity, const QString &className, bool gadget)
{
    QStringList classInfo;
    const auto info = [&](const QString &key, const QString &value) {
        classInfo << QStringLiteral("    Q_CLASSINFO(%1, %2)").arg(cString(key), cString(value));
    };
    info(QStringLiteral("rex.table"), entity.qualifiedTable());
    if (className != entity.name)
        info(QStringLiteral("rex.entity"), entity.name);
    if (entity.readOnly)
        info(QStringLiteral("rex.readOnly"), QStringLiteral("true"));

    QSet<QString> includes;
    QSet<QString> usedNames;
    QStringList properties;
    QStringList members;
    QStringList composite;
    for (const ColumnInfo &column : entity.columns) {
        QString property = propertyNameFor(column.name);
        for (int n = 2; usedNames.contains(property); ++n)
            property = propertyNameFor(column.name) + QString::number(n);
        usedNames.insert(property);
        const CppType type = cppType(column.type);
        if (!type.include.isEmpty())
            includes.insert(type.include);
        const bool optional = column.nullable && !type.nullableByDefault && !column.primaryKey;
        if (optional)
            includes.insert(QStringLiteral("optional"));
        const QString cpp =
            optional ? QStringLiteral("std::optional<%1>").arg(type.name) : type.name;

        QStringList options;
        if (column.name != property)
            options << QStringLiteral("column=") + optionValue(column.name);
        if (columnTypeName(column.type) != type.defaultType)
            options << QStringLiteral("type=") + columnTypeName(column.type);
        if (column.length > 0)
            options << QStringLiteral("length=%1").arg(column.length);
        if (column.type == ColumnType::Decimal && column.precision > 0)
            options
                << QStringLiteral("precision=%1 scale=%2").arg(column.precision).arg(column.scale);
        if (column.primaryKey && entity.primaryKey.size() == 1)
            options << QStringLiteral("primaryKey");
        if (column.primaryKey && entity.primaryKey.size() > 1)
            composite << property;
        if (column.autoIncrement)
            options << QStringLiteral("autoIncrement");
        if (!column.nullable && type.nullableByDefault && !column.primaryKey)
            options << QStringLiteral("notNull");
        if (column.unique && !column.primaryKey)
            options << QStringLiteral("unique");
        if (column.readOnly)
            options << QStringLiteral("readOnly");
        if (!column.defaultExpression.isEmpty() && !column.autoIncrement)
            options << QStringLiteral("defaultSql=") + optionValue(column.defaultExpression);
        else if (column.defaultValue.isValid() && !column.defaultValue.isNull())
            options << QStringLiteral("default=") + optionValue(column.defaultValue.toString());
        if (!options.isEmpty())
            info(QStringLiteral("rex.column.") + property, options.join(u' '));

        const QString &member = property;
        properties << (gadget ? QStringLiteral("    Q_PROPERTY(%1 %2 MEMBER %2)").arg(cpp, property)
                              : QStringLiteral("    Q_PROPERTY(%1 %2 MEMBER %2 NOTIFY changed)")
                                    .arg(cpp, property));
        const bool zeroed = !optional && !type.nullableByDefault;
        members << QStringLiteral("    %1 %2%3;")
                       .arg(cpp, member,
                            zeroed ? (type.name == u"bool" ? QStringLiteral(" = false")
                                                           : QStringLiteral(" = 0"))
                                   : QString());
    }
    if (!composite.isEmpty())
        info(QStringLiteral("rex.primaryKey"), composite.join(QStringLiteral(",")));
    for (const RelationInfo &relation : entity.relations) {
        if (!isIdentifier(relation.name))
            continue;
        QString value = RelationInfo::kindName(relation.kind) + u' ' + relation.target;
        if (!relation.foreignKey.isEmpty())
            value += QStringLiteral(" foreignKey=") + optionValue(relation.foreignKey);
        if (!relation.localKey.isEmpty())
            value += QStringLiteral(" localKey=") + optionValue(relation.localKey);
        if (relation.kind == RelationInfo::BelongsToMany)
            value +=
                QStringLiteral(" through=%1 pivotForeignKey=%2 pivotRelatedKey=%3")
                    .arg(optionValue(relation.pivotTable), optionValue(relation.pivotForeignKey),
                         optionValue(relation.pivotRelatedKey));
        info(QStringLiteral("rex.relation.") + relation.name, value);
    }
    for (const IndexInfo &index : entity.indexes) {
        if (!isIdentifier(index.name) || index.name.startsWith(u"sqlite_autoindex") ||
            index.columns == entity.primaryKey)
            continue;
        info(QStringLiteral("rex.index.") + index.name,
             QStringLiteral("columns=") + index.columns.join(u',') +
                 (index.unique ? QStringLiteral(" unique") : QString()));
    }

    GeneratedModel out;
    const QString base = className.toLower();
    out.headerFile = base + QStringLiteral(".h");
    QStringList includeLines;
    includeLines << (gadget ? QStringLiteral("#include <QtCore/QObject>")
                            : QStringLiteral("#include <rexorm/model/model.h>"));
    QStringList sorted = includes.values();
    sorted.sort();
    for (const QString &include : std::as_const(sorted))
        includeLines << QStringLiteral("#include <%1>").arg(include);
    const QString generatedFrom =
        QStringLiteral("// Generated by `rexorm generate:model` from %1.\n")
            .arg(entity.qualifiedTable());
    if (gadget) {
        out.header =
            generatedFrom +
            QStringLiteral(
                "#pragma once\n\n%1\n\nstruct %2\n{\n    Q_GADGET\n%3\n%4\n\npublic:\n%5\n};\n")
                .arg(includeLines.join(u'\n'), className, classInfo.join(u'\n'),
                     properties.join(u'\n'), members.join(u'\n'));
        return out;
    }
    out.header =
        generatedFrom +
        QStringLiteral(
            "#pragma once\n\n%1\n\nclass %2 : public RexOrm::Model\n{\n    Q_OBJECT\n%3\n%4\n\n"
            "public:\n    Q_INVOKABLE explicit %2(QObject *parent = nullptr);\n\n"
            "signals:\n    void changed();\n\npublic:\n%5\n};\n")
            .arg(includeLines.join(u'\n'), className, classInfo.join(u'\n'), properties.join(u'\n'),
                 members.join(u'\n'));
    out.sourceFile = base + QStringLiteral(".cpp");
    out.source =
        generatedFrom +
        QStringLiteral("#include \"%1\"\n\n%2::%2(QObject *parent) : RexOrm::Model(parent) {}\n")
            .arg(out.headerFile, className);
    return out;
}

} // namespace RexOrm::Cli
