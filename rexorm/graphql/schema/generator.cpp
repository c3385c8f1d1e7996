#include "../execution/executor_p.h"
#include <rexorm/database/queryresult.h>

#include "../execution/coercion_p.h"
#include <rexorm/graphql/api.h>
#include <rexorm/graphql/execution.h>
#include <rexorm/graphql/inflector.h>
#include <rexorm/graphql/liveapi.h>
#include <rexorm/meta/decimal.h>
#include <rexorm/model/entityrepository.h>
#include <rexorm/plugins/pluginmanager.h>
#include <rexorm/query/query.h>
#include <rexorm/validation/validator.h>

#include <QtCore/QJsonArray>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QUuid>

// The GraphQL API generated from entity metadata. Resolvers of list-like root fields plan the
// whole selection below them: each level (a root field, each relation field under it) is one SQL
// statement for all the rows of the level above, relations joined in memory by key.
namespace RexOrm::GraphQL {

namespace {

const QString tableAlias = QStringLiteral("rex_t");
const QString pivotAlias = QStringLiteral("rex_p");
const QString parentColumn = QStringLiteral("rex_parent"); // the pivot key of a many-to-many row
const QString rowNumberColumn = QStringLiteral("rex_row");
const QString totalColumn = QStringLiteral("rex_total");
constexpr qint64 maxCursorIndex = qint64(1) << 48; // far beyond any page, far from overflow

QString str(const char *text)
{
    return QString::fromLatin1(text);
}

std::shared_ptr<const TypeRef> ref(const QString &text)
{
    return parseType(text);
}

// A GraphQL name from any identifier: invalid characters become '_', a leading digit gets one
// before it, and a reserved "__" prefix loses its extra underscores.
QString sanitize(QString name)
{
    for (QChar &c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'_')
            c = u'_';
    }
    if (name.isEmpty() || name.front().isDigit())
        name.prepend(u'_');
    while (name.startsWith(u"__"))
        name.remove(0, 1);
    return name;
}

QString upperFirst(const QString &name)
{
    return name.left(1).toUpper() + name.mid(1);
}

// "rex_t.column"; a bare column without an alias (UPDATE and DELETE take none everywhere).
QString columnRef(const QString &column, const QString &alias = tableAlias)
{
    return alias.isEmpty() ? column : alias + u'.' + column;
}

// A key value as text, the same for every type a driver may read it as.
QString keyString(const QVariant &value)
{
    if (value.metaType().id() == QMetaType::QUuid)
        return value.toUuid().toString(QUuid::WithoutBraces);
    return value.toString();
}

bool isPlainIdentifier(const QString &name)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return identifier.match(name).hasMatch();
}

// A where input without any condition in it: true for every row.
bool isEmptyWhere(const QVariantMap &where)
{
    for (auto it = where.constBegin(); it != where.constEnd(); ++it) {
        if (it.value().isNull())
            continue;
        if (it.key() == u"and") {
            for (const QVariant &item : it.value().toList()) {
                if (!isEmptyWhere(item.toMap()))
                    return false;
            }
        } else if (it.key() == u"or") {
            const QVariantList items = it.value().toList();
            if (!items.isEmpty() && std::none_of(items.begin(), items.end(), [](const auto &i) {
                    return isEmptyWhere(i.toMap());
                }))
                return false;
        } else if (it.key() == u"not") {
            return false;
        } else {
            // eq: null and neq: null are conditions (IS NULL, IS NOT NULL); other nulls are not.
            const QVariantMap filter = it.value().toMap();
            for (auto f = filter.constBegin(); f != filter.constEnd(); ++f) {
                if (!f.value().isNull() || f.key() == u"eq" || f.key() == u"neq")
                    return false;
            }
        }
    }
    return true;
}

// What the generated API knows about one entity.
struct EntityApi
{
    std::shared_ptr<const EntityInfo> entity;
    QString typeName;                  // Album
    QString singular;                  // album
    QString pluralType;                // Albums
    QString plural;                    // albums
    QList<const ColumnInfo *> columns; // visible ones, in order
    QHash<QString, QString> fieldOfColumn;
    QHash<QString, const ColumnInfo *> columnOfField;
    QHash<QString, const RelationInfo *> relationOfField;
    QStringList numericFields;
    bool hasKey() const { return !entity->primaryKey.isEmpty(); }
};

bool isKeyColumn(const EntityInfo &e, const ColumnInfo &c)
{
    return e.primaryKey.contains(c.name);
}

bool isNumeric(ColumnType type)
{
    switch (type) {
    case ColumnType::SmallInt:
    case ColumnType::Integer:
    case ColumnType::BigInt:
    case ColumnType::Real:
    case ColumnType::Double:
    case ColumnType::Decimal:
        return true;
    default:
        return false;
    }
}

QString scalarOf(const EntityInfo &e, const ColumnInfo &c)
{
    const bool integerOrText = c.type == ColumnType::SmallInt || c.type == ColumnType::Integer ||
                               c.type == ColumnType::BigInt || c.type == ColumnType::String ||
                               c.type == ColumnType::Text || c.type == ColumnType::Uuid;
    if (isKeyColumn(e, c) && integerOrText && !c.isArray)
        return str("ID");
    if (c.isArray)
        return str("String");
    switch (c.type) {
    case ColumnType::Boolean:
        return str("Boolean");
    case ColumnType::SmallInt:
    case ColumnType::Integer:
        return str("Int");
    case ColumnType::BigInt:
        return str("BigInt");
    case ColumnType::Real:
    case ColumnType::Double:
        return str("Float");
    case ColumnType::Decimal:
        return str("Decimal");
    case ColumnType::Date:
        return str("Date");
    case ColumnType::DateTime:
    case ColumnType::DateTimeTz:
        return str("DateTime");
    case ColumnType::Json:
        return str("JSON");
    default:
        return str("String");
    }
}

bool isWritable(const EntityInfo &e, const ColumnInfo &c)
{
    return !c.readOnly && !c.hidden && !(c.autoIncrement && isKeyColumn(e, c));
}

bool isRequiredOnCreate(const EntityInfo &e, const ColumnInfo &c)
{
    return !c.nullable && !c.autoIncrement && !c.defaultValue.isValid() &&
           c.defaultExpression.isEmpty() && !c.version && isWritable(e, c);
}

InputValueDef input(const QString &name, const QString &type, const QString &description = {},
                    const QString &defaultLiteral = {})
{
    InputValueDef v;
    v.name = name;
    v.type = ref(type);
    v.description = description;
    if (!defaultLiteral.isEmpty())
        v.defaultValue = std::make_shared<Value>(parseValue(defaultLiteral));
    return v;
}

FieldDef field(const QString &name, const QString &type, const QString &description = {})
{
    FieldDef f;
    f.name = name;
    f.type = ref(type);
    f.description = description;
    return f;
}

NamedType objectType(const QString &name, const QString &description = {})
{
    NamedType t;
    t.kind = TypeKind::Object;
    t.name = name;
    t.description = description;
    return t;
}

NamedType inputType(const QString &name, const QString &description = {})
{
    NamedType t;
    t.kind = TypeKind::InputObject;
    t.name = name;
    t.description = description;
    return t;
}

FieldError validationFieldError(const ValidationError &e, const EntityApi &api)
{
    QJsonObject fields;
    QStringList lines;
    for (auto it = e.errors().constBegin(); it != e.errors().constEnd(); ++it) {
        const QString name = api.fieldOfColumn.value(it.key(), it.key());
        fields.insert(name, QJsonArray::fromStringList(it.value()));
        lines << name + QStringLiteral(": ") + it.value().join(QStringLiteral("; "));
    }
    return FieldError(QStringLiteral("Validation failed for %1: %2")
                          .arg(api.typeName, lines.join(QStringLiteral(", "))),
                      {{QStringLiteral("code"), QStringLiteral("VALIDATION")},
                       {QStringLiteral("fields"), fields}});
}

// The generated API: its entities and the resolvers, which the schema's fields capture.
enum class Need { Read, Write };

const Access *requestAccess(const ResolveInfo &info)
{
    const auto it = info.context().constFind(QLatin1String(accessContextKey));
    if (it == info.context().constEnd() || it->metaType() != QMetaType::fromType<Access>())
        return nullptr;
    return static_cast<const Access *>(it->constData());
}

// An entity's access, listed under its entity name, its GraphQL type name or its table.
const EntityAccess &accessOf(const Access &access, const EntityApi &api)
{
    for (const QString &name : {api.entity->name, api.typeName, api.entity->qualifiedTable()}) {
        const auto it = access.entities.constFind(name);
        if (it != access.entities.constEnd())
            return *it;
    }
    return access.defaults;
}

FieldError forbidden(const QString &message)
{
    return FieldError(message, {{QStringLiteral("code"), QStringLiteral("FORBIDDEN")}});
}

const char subscriptionProbeKey[] = "rexorm.subscriptionProbe";

class Api : public LiveApi, public std::enable_shared_from_this<Api>
{
public:
    Api(Database db, const ApiOptions &options) : m_db(std::move(db)), m_options(options) {}

    void build(Schema &schema, const Registry &registry);
    void setSchema(const std::shared_ptr<Schema> &schema) { m_schema = schema; }

    // LiveApi
    QString entityNamed(const QString &name) const override;
    QString entityOf(const ChangeEvent &event) const override;
    QString typeName(const QString &entity) const override { return apiOf(entity).typeName; }
    std::optional<EntityNames> names(const QString &entity) const override;
    QVariantMap coerceWhere(const QString &entity, const QJsonValue &where) const override;
    QVariantMap readFilter(const QString &entity, const Access *access) const override;
    QList<QList<bool>> match(const QString &entity, const QList<ChangeEvent> &events,
                             const QList<QVariantMap> &filters) const override;
    QJsonObject toFields(const QString &entity, const QVariantMap &row,
                         const QStringList &fields) const override;
    std::optional<SubscriptionTarget>
    subscriptionTarget(const Document &document, const QString &operationName,
                       const QJsonObject &variables, const ExecutionOptions &options,
                       std::vector<GraphQLError> *errors) const override;

private:
    // Planning and loading. A Budget counts the objects one root field answers: a row shared by
    // several parents counts once per parent, as it will appear in the response.
    struct Budget
    {
        qint64 objects = 0;
        qint64 max = 0;
        void spend(qint64 count)
        {
            objects += count;
            if (objects > max)
                throw FieldError(
                    QStringLiteral("The answer would hold more than the maxRows limit of %1 "
                                   "objects; ask for fewer rows per level (first, limit).")
                        .arg(max),
                    {{QStringLiteral("code"), QStringLiteral("LIMIT")},
                     {QStringLiteral("limit"), QStringLiteral("maxRows")},
                     {QStringLiteral("max"), max}});
        }
    };
    struct Window // the first rows per parent: ROW_NUMBER() OVER (PARTITION BY ...)
    {
        QString partition; // quoted column expression; empty: no window
        qint64 size = 0;
    };
    Budget budget() const { return Budget{0, m_options.maxRows}; }
    // One statement: the rows of a level, with the columns its fields need.
    QVariantList queryRows(const EntityApi &api, Query query,
                           const std::vector<CollectedField> &fields,
                           const QStringList &extraColumns, const Window &window,
                           const QVariantMap &orderArgs) const;
    // queryRows(), then every relation below, level by level.
    QVariantList loadRows(const EntityApi &api, Query query,
                          const std::vector<CollectedField> &fields, const ResolveInfo &info,
                          const QVariantMap &orderArgs, Budget &budget) const;
    void loadRelations(const EntityApi &api, QVariantList &rows, const QList<qint64> &weights,
                       const std::vector<CollectedField> &fields, const ResolveInfo &info,
                       Budget &budget) const;
    void loadRelation(const EntityApi &api, QVariantList &rows, const QList<qint64> &weights,
                      const CollectedField &field, const RelationInfo &relation,
                      const ResolveInfo &info, Budget &budget) const;
    QStringList selectedColumns(const EntityApi &api, const std::vector<CollectedField> &fields,
                                const QStringList &extraColumns) const;
    QVariantList rowsToMaps(const EntityApi &api, const QueryResult &result) const;
    QString rowKey(const EntityApi &api, const QString &column) const; // a column's key in a row
    QVariant fromDatabase(const ColumnInfo &column, const QVariant &value) const;

    void applyWhere(Query &q, const EntityApi &api, const QVariantMap &where,
                    const QString &alias = tableAlias) const;
    // Access: FORBIDDEN unless the request may read (and for Write, write) the entity; the row
    // filter of the request's access, empty when there is none.
    const EntityAccess *checkAccess(const EntityApi &api, const ResolveInfo &info, Need need) const;
    // The entity's rows the request may see (checkAccess, then its row filter), as a query.
    Query rowsOf(const EntityApi &api, const ResolveInfo &info, Need need,
                 const QString &alias = tableAlias) const;
    void restrict(Query &q, const EntityApi &api, const ResolveInfo &info, Need need,
                  const QString &alias = tableAlias) const;
    // After a write under a row filter: FORBIDDEN when a written row fell outside it.
    void checkStillVisible(const EntityApi &api, const ResolveInfo &info,
                           const QVariantList &rows) const;
    // A row of the API (by field name, '#'-prefixed for other columns) from one by column.
    QVariantMap rowFromColumns(const EntityApi &api, const QVariantMap &byColumn) const;
    void addSubscriptions(Schema &schema, const EntityApi &api);
    void applyFilter(Query &q, const QString &alias, const ColumnInfo &info,
                     const QVariantMap &filter) const;
    struct OrderTerm
    {
        QString column;
        Order order = Order::Asc;
        Nulls nulls = Nulls::Default;
    };
    QList<OrderTerm> orderTerms(const EntityApi &api, const QVariant &orderBy) const;
    QString windowOrderSql(const QList<OrderTerm> &terms, const QString &alias) const;
    qint64 pageSize(const QVariant &requested, const char *argument) const;

    QVariant toColumnValue(const ColumnInfo &column, const QVariant &value) const;
    QVariantMap columnValues(const EntityApi &api, const QVariantMap &fields) const;
    // The repository's key (a value, or a map for a composite key) from arguments named by
    // field, or from values named by column.
    QVariant keyOf(const EntityApi &api, const QVariantMap &values, bool byColumn = false) const;
    void whereKey(Query &q, const EntityApi &api, const QVariantMap &keyColumns) const;
    QVariantList reload(const EntityApi &api, const QList<QVariantMap> &keys,
                        const ResolveInfo &info) const;

    // Schema building
    void addEntityTypes(Schema &schema, EntityApi &api);
    void addRootFields(Schema &schema, const EntityApi &api);
    void addMutations(Schema &schema, const EntityApi &api);
    void addFilterTypes(Schema &schema);
    const EntityApi &apiOf(const QString &entityName) const;

    Database m_db;
    ApiOptions m_options;
    std::weak_ptr<Schema> m_schema;
    std::vector<std::shared_ptr<EntityApi>> m_entities;
    QHash<QString, std::shared_ptr<EntityApi>> m_byEntity;
    QHash<QString, QString> m_entityOfTable;
};

const EntityAccess *Api::checkAccess(const EntityApi &api, const ResolveInfo &info, Need need) const
{
    const Access *access = requestAccess(info);
    if (!access)
        return nullptr;
    const EntityAccess &a = accessOf(*access, api);
    if (!a.read || (need == Need::Write && !a.write))
        throw forbidden(QStringLiteral("You may not %1 %2 rows.")
                            .arg(need == Need::Write ? str("write") : str("read"), api.typeName));
    return &a;
}

void Api::restrict(Query &q, const EntityApi &api, const ResolveInfo &info, Need need,
                   const QString &alias) const
{
    const EntityAccess *a = checkAccess(api, info, need);
    if (a && !a->where.isEmpty())
        q.where([&](Query &g) { applyWhere(g, api, a->where, alias); });
}

Query Api::rowsOf(const EntityApi &api, const ResolveInfo &info, Need need,
                  const QString &alias) const
{
    Query q(alias.isEmpty() ? api.entity->qualifiedTable()
                            : api.entity->qualifiedTable() + u' ' + alias);
    PluginManager::global().applyScopes(q, *api.entity, alias);
    restrict(q, api, info, need, alias);
    return q;
}

void Api::checkStillVisible(const EntityApi &api, const ResolveInfo &info,
                            const QVariantList &rows) const
{
    const EntityAccess *a = checkAccess(api, info, Need::Write);
    if (!a || a->where.isEmpty())
        return;
    if (std::any_of(rows.begin(), rows.end(), [](const QVariant &row) { return row.isNull(); }))
        throw forbidden(QStringLiteral("The %1 row would fall outside the rows you may write; "
                                       "nothing was written.")
                            .arg(api.typeName));
}

const EntityApi &Api::apiOf(const QString &entityName) const
{
    const auto it = m_byEntity.constFind(entityName);
    if (it == m_byEntity.constEnd())
        throw FieldError(QStringLiteral("No entity %1 is served.").arg(entityName));
    return **it;
}

qint64 Api::pageSize(const QVariant &requested, const char *argument) const
{
    if (requested.isNull())
        return m_options.defaultPageSize;
    const qint64 n = requested.toLongLong();
    if (n < 0)
        throw FieldError(QStringLiteral("%1 must not be negative.").arg(QLatin1String(argument)));
    if (n > m_options.maxPageSize)
        throw FieldError(QStringLiteral("%1 is %2, above the maxPageSize limit of %3.")
                             .arg(QLatin1String(argument))
                             .arg(n)
                             .arg(m_options.maxPageSize),
                         {{QStringLiteral("code"), QStringLiteral("LIMIT")},
                          {QStringLiteral("limit"), QStringLiteral("maxPageSize")},
                          {QStringLiteral("max"), m_options.maxPageSize}});
    return n;
}

QVariant Api::toColumnValue(const ColumnInfo &column, const QVariant &value) const
{
    if (value.isNull() || !value.isValid())
        return {};
    if (value.metaType() == QMetaType::fromType<Decimal>())
        return value.value<Decimal>().toString();
    switch (column.type) {
    case ColumnType::SmallInt:
    case ColumnType::Integer:
    case ColumnType::BigInt: {
        bool ok = false;
        const qint64 n = value.toLongLong(&ok);
        if (!ok)
            throw FieldError(QStringLiteral("\"%1\" is not a valid value for %2: it is an "
                                            "integer column.")
                                 .arg(value.toString(), column.name));
        return n;
    }
    default:
        return value;
    }
}

QVariantMap Api::columnValues(const EntityApi &api, const QVariantMap &fields) const
{
    QVariantMap out;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        const ColumnInfo *column = api.columnOfField.value(it.key());
        if (column)
            out.insert(column->name, toColumnValue(*column, it.value()));
    }
    return out;
}

QVariant Api::keyOf(const EntityApi &api, const QVariantMap &values, bool byColumn) const
{
    const auto value = [&](const QString &column) {
        return toColumnValue(*api.entity->column(column),
                             values.value(byColumn ? column : api.fieldOfColumn.value(column)));
    };
    const QStringList &key = api.entity->primaryKey;
    if (key.size() == 1)
        return value(key.first());
    QVariantMap map;
    for (const QString &column : key)
        map.insert(column, value(column));
    return map;
}

void Api::whereKey(Query &q, const EntityApi &api, const QVariantMap &keyColumns) const
{
    for (auto it = keyColumns.constBegin(); it != keyColumns.constEnd(); ++it)
        q.where(columnRef(it.key()), QStringLiteral("="),
                toColumnValue(*api.entity->column(it.key()), it.value()));
}

void Api::applyFilter(Query &q, const QString &alias, const ColumnInfo &info,
                      const QVariantMap &filter) const
{
    static const QHash<QString, QString> comparisons = {
        {str("eq"), str("=")},   {str("neq"), str("<>")}, {str("gt"), str(">")},
        {str("gte"), str(">=")}, {str("lt"), str("<")},   {str("lte"), str("<=")}};
    const Dialect &d = m_db.dialect();
    const QString column = columnRef(info.name, alias);
    // SQLite stores date-times as text in more than one format ("2009-01-01 00:00:00",
    // "2009-01-01T00:00:00.000Z"): compare them through its date functions.
    const bool sqliteTime = d.name() == u"sqlite" &&
                            (info.type == ColumnType::DateTime ||
                             info.type == ColumnType::DateTimeTz || info.type == ColumnType::Date);
    const QString timeFunction = info.type == ColumnType::Date ? str("date") : str("datetime");
    const QString quoted = (alias.isEmpty() ? QString() : d.quoteIdentifier(alias) + u'.') +
                           d.quoteIdentifier(info.name);
    for (auto it = filter.constBegin(); it != filter.constEnd(); ++it) {
        const QString &op = it.key();
        const QVariant &value = it.value();
        if (op == u"isNull") {
            if (value.isNull())
                continue;
            if (value.toBool())
                q.whereNull(column);
            else
                q.whereNotNull(column);
        } else if (comparisons.contains(op)) {
            if (value.isNull()) {
                // eq: null and neq: null read as IS NULL and IS NOT NULL.
                if (op == u"eq")
                    q.whereNull(column);
                else if (op == u"neq")
                    q.whereNotNull(column);
                else
                    throw FieldError(
                        QStringLiteral("%1 cannot compare with null; use isNull.").arg(op));
                continue;
            }
            if (sqliteTime)
                q.whereRaw(QStringLiteral("%1(%2) %3 %1(?)")
                               .arg(timeFunction, quoted, comparisons.value(op)),
                           {toColumnValue(info, value)});
            else
                q.where(column, comparisons.value(op), toColumnValue(info, value));
        } else if (op == u"in" || op == u"nin") {
            if (value.isNull())
                continue;
            QVariantList values;
            for (const QVariant &v : value.toList())
                values << toColumnValue(info, v);
            if (values.size() > m_options.maxRows)
                throw FieldError(QStringLiteral("%1 has %2 values; at most %3 (maxRows) are "
                                                "allowed.")
                                     .arg(op)
                                     .arg(values.size())
                                     .arg(m_options.maxRows));
            if (sqliteTime && !values.isEmpty()) {
                QStringList marks;
                for (qsizetype i = 0; i < values.size(); ++i)
                    marks << timeFunction + QStringLiteral("(?)");
                q.whereRaw(QStringLiteral("%1(%2) %3 (%4)")
                               .arg(timeFunction, quoted, op == u"in" ? str("IN") : str("NOT IN"),
                                    marks.join(str(", "))),
                           values);
            } else if (op == u"in") {
                q.whereIn(column, values);
            } else {
                q.whereNotIn(column, values);
            }
        } else if (op == u"like" || op == u"ilike") {
            if (value.isNull())
                continue;
            if (op == u"like")
                q.whereLike(column, value.toString());
            else
                q.whereILike(column, value.toString());
        } else {
            throw FieldError(
                QStringLiteral("The filter on %1 has no operator %2.").arg(info.name, op));
        }
    }
}

void Api::applyWhere(Query &q, const EntityApi &api, const QVariantMap &where,
                     const QString &alias) const
{
    for (auto it = where.constBegin(); it != where.constEnd(); ++it) {
        if (it.value().isNull())
            continue;
        if (it.key() == u"and") {
            for (const QVariant &item : it.value().toList())
                q.where([&](Query &g) { applyWhere(g, api, item.toMap(), alias); });
        } else if (it.key() == u"or") {
            // An empty item is true for every row, and so is the whole or.
            const QVariantList items = it.value().toList();
            if (items.isEmpty() || std::any_of(items.begin(), items.end(), [](const auto &i) {
                    return isEmptyWhere(i.toMap());
                }))
                continue;
            q.where([&](Query &g) {
                for (const QVariant &item : items)
                    g.orWhere([&](Query &h) { applyWhere(h, api, item.toMap(), alias); });
            });
        } else if (it.key() == u"not") {
            q.whereNot([&](Query &g) { applyWhere(g, api, it.value().toMap(), alias); });
        } else if (const ColumnInfo *column = api.columnOfField.value(it.key())) {
            applyFilter(q, alias, *column, it.value().toMap());
        } else {
            // Not from a request (validation knows the fields): a row filter of the server's
            // configuration. Failing closed beats ignoring a misspelt condition.
            throw FieldError(QStringLiteral("The filter names %1, which is not a field of %2.")
                                 .arg(it.key(), api.typeName));
        }
    }
}

QList<Api::OrderTerm> Api::orderTerms(const EntityApi &api, const QVariant &orderBy) const
{
    QList<OrderTerm> terms;
    QSet<QString> seen;
    for (const QVariant &item : orderBy.toList()) {
        const QVariantMap term = item.toMap();
        const ColumnInfo *column = api.columnOfField.value(term.value(str("field")).toString());
        if (!column || seen.contains(column->name))
            continue;
        seen.insert(column->name);
        OrderTerm t;
        t.column = column->name;
        t.order = term.value(str("direction")).toString() == u"DESC" ? Order::Desc : Order::Asc;
        const QString nulls = term.value(str("nulls")).toString();
        t.nulls = nulls == u"FIRST"  ? Nulls::First
                  : nulls == u"LAST" ? Nulls::Last
                                     : Nulls::Default;
        terms << t;
    }
    // The key breaks ties, so pages never overlap or skip rows.
    for (const QString &key : api.entity->primaryKey) {
        if (!seen.contains(key))
            terms << OrderTerm{key, Order::Asc, Nulls::Default};
    }
    return terms;
}

QString Api::windowOrderSql(const QList<OrderTerm> &terms, const QString &alias) const
{
    const Dialect &d = m_db.dialect();
    QStringList parts;
    for (const OrderTerm &t : terms) {
        const QString column = d.quoteIdentifier(alias) + u'.' + d.quoteIdentifier(t.column);
        const QString direction = t.order == Order::Desc ? str(" DESC") : str(" ASC");
        if (t.nulls == Nulls::Default) {
            parts << column + direction;
        } else if (d.supportsNullsOrdering()) {
            parts << column + direction +
                         (t.nulls == Nulls::First ? str(" NULLS FIRST") : str(" NULLS LAST"));
        } else {
            parts << column +
                         (t.nulls == Nulls::First ? str(" IS NULL DESC") : str(" IS NULL ASC"));
            parts << column + direction;
        }
    }
    return parts.join(str(", "));
}

QStringList Api::selectedColumns(const EntityApi &api, const std::vector<CollectedField> &fields,
                                 const QStringList &extraColumns) const
{
    QStringList columns = api.entity->primaryKey;
    const auto add = [&](const QString &column) {
        if (!column.isEmpty() && !columns.contains(column))
            columns << column;
    };
    for (const CollectedField &f : fields) {
        if (!f.definition)
            continue;
        if (const ColumnInfo *column = api.columnOfField.value(f.definition->name)) {
            add(column->name);
        } else if (const RelationInfo *relation = api.relationOfField.value(f.definition->name)) {
            add(relation->kind == RelationInfo::BelongsTo ? relation->foreignKey
                                                          : relation->localKey);
        }
    }
    for (const QString &column : extraColumns)
        add(column);
    return columns;
}

QVariant Api::fromDatabase(const ColumnInfo &column, const QVariant &value) const
{
    if (value.isNull())
        return {}; // QPSQL and QMYSQL hand a NULL NUMERIC over as a null double
    // SQLite keeps NUMERIC(p, s) as floating point: its exact value is the one at scale s.
    if (column.type == ColumnType::Decimal && column.scale > 0 &&
        value.metaType().id() == QMetaType::Double)
        return QVariant::fromValue(Decimal(QString::number(value.toDouble(), 'f', column.scale)));
    if (column.type == ColumnType::Decimal && column.scale > 0 &&
        (value.metaType().id() == QMetaType::LongLong || value.metaType().id() == QMetaType::Int))
        return QVariant::fromValue(
            Decimal(QString::number(value.toLongLong()) + u'.' + QString(column.scale, u'0')));
    return m_db.dialect().fromDatabaseValue(value, column.type);
}

QString Api::rowKey(const EntityApi &api, const QString &column) const
{
    const QString field = api.fieldOfColumn.value(column);
    return field.isEmpty() ? u'#' + column : field;
}

QVariantList Api::rowsToMaps(const EntityApi &api, const QueryResult &result) const
{
    // Each column once, by its GraphQL field name (what the default resolver reads), or by
    // '#' and its name when it has none (keys and links that are not fields).
    struct Slot
    {
        const ColumnInfo *column;
        QString key;
    };
    std::vector<Slot> layout;
    layout.reserve(result.columns.size());
    for (const QString &name : result.columns)
        layout.push_back({api.entity->column(name), rowKey(api, name)});
    QVariantList rows;
    rows.reserve(result.rows.size());
    for (const QVariantList &values : result.rows) {
        QVariantMap map;
        for (size_t i = 0; i < layout.size(); ++i) {
            const QVariant &value = values.at(qsizetype(i));
            map.insert(layout[i].key,
                       layout[i].column ? fromDatabase(*layout[i].column, value) : value);
        }
        rows.append(std::move(map));
    }
    return rows;
}

QVariantList Api::queryRows(const EntityApi &api, Query query,
                            const std::vector<CollectedField> &fields,
                            const QStringList &extraColumns, const Window &window,
                            const QVariantMap &orderArgs) const
{
    QStringList select;
    for (const QString &column : selectedColumns(api, fields, extraColumns))
        select << columnRef(column);
    query.select(select);
    const QList<OrderTerm> terms = orderTerms(api, orderArgs.value(str("orderBy")));
    QueryResult result;
    if (!window.partition.isEmpty()) {
        // The first rows of each parent in one statement: ROW_NUMBER() per parent, then a cap.
        const Dialect &d = m_db.dialect();
        query.selectRaw(QStringLiteral("ROW_NUMBER() OVER (PARTITION BY %1 ORDER BY %2) AS %3")
                            .arg(window.partition, windowOrderSql(terms, tableAlias),
                                 d.quoteIdentifier(rowNumberColumn)));
        BuiltQuery built = query.build(d);
        const QString sql =
            QStringLiteral("SELECT * FROM (%1) %2 WHERE %3 <= %4 ORDER BY %3")
                .arg(built.sql, d.quoteIdentifier(str("rex_page")),
                     d.quoteIdentifier(rowNumberColumn), d.placeholder(int(built.params.size())));
        built.params << window.size;
        result = m_db.execute(sql, built.params);
    } else {
        for (const OrderTerm &t : terms)
            query.orderBy(columnRef(t.column), t.order, t.nulls);
        result = query.execute(m_db);
    }
    return rowsToMaps(api, result);
}

QVariantList Api::loadRows(const EntityApi &api, Query query,
                           const std::vector<CollectedField> &fields, const ResolveInfo &info,
                           const QVariantMap &orderArgs, Budget &budget) const
{
    QVariantList rows = queryRows(api, std::move(query), fields, {}, {}, orderArgs);
    budget.spend(rows.size());
    loadRelations(api, rows, QList<qint64>(rows.size(), 1), fields, info, budget);
    return rows;
}

void Api::loadRelations(const EntityApi &api, QVariantList &rows, const QList<qint64> &weights,
                        const std::vector<CollectedField> &fields, const ResolveInfo &info,
                        Budget &budget) const
{
    for (const CollectedField &f : fields) {
        if (!f.definition)
            continue;
        if (const RelationInfo *relation = api.relationOfField.value(f.definition->name))
            loadRelation(api, rows, weights, f, *relation, info, budget);
    }
}

void Api::loadRelation(const EntityApi &api, QVariantList &rows, const QList<qint64> &weights,
                       const CollectedField &field, const RelationInfo &relation,
                       const ResolveInfo &info, Budget &budget) const
{
    const EntityApi &target = apiOf(relation.target);
    const QString slot = u'@' + field.responseKey;
    const bool single =
        relation.kind == RelationInfo::BelongsTo || relation.kind == RelationInfo::HasOne;
    const QString localColumn =
        relation.kind == RelationInfo::BelongsTo ? relation.foreignKey : relation.localKey;
    const QString localKey = rowKey(api, localColumn);

    // Each parent key, with how often its parents appear in the answer.
    QVariantList keys;
    QHash<QString, qint64> parentWeight;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QVariant key = rows.at(i).toMap().value(localKey);
        if (key.isNull())
            continue;
        const QString text = keyString(key);
        if (!parentWeight.contains(text))
            keys << key;
        parentWeight[text] += weights.value(i, 1);
    }
    QVariantList children;
    QString linkColumn; // the child row's column that names its parent
    if (!keys.isEmpty()) {
        const NamedType &targetType = *info.schema().type(target.typeName);
        const std::vector<CollectedField> subfields = info.collectFields(targetType, field.nodes);
        const QVariantMap args = info.arguments(field);
        Query q = rowsOf(target, info, Need::Read);
        applyWhere(q, target, args.value(str("where")).toMap());
        const Dialect &d = m_db.dialect();
        QStringList extra;
        Window window;
        switch (relation.kind) {
        case RelationInfo::BelongsTo:
            linkColumn = rowKey(target, relation.localKey);
            extra << relation.localKey;
            q.whereIn(columnRef(relation.localKey), keys);
            break;
        case RelationInfo::HasOne:
        case RelationInfo::HasMany:
            linkColumn = rowKey(target, relation.foreignKey);
            extra << relation.foreignKey;
            q.whereIn(columnRef(relation.foreignKey), keys);
            window.partition =
                d.quoteIdentifier(tableAlias) + u'.' + d.quoteIdentifier(relation.foreignKey);
            break;
        case RelationInfo::BelongsToMany:
            linkColumn = u'#' + parentColumn;
            q.join(relation.pivotTable + u' ' + pivotAlias,
                   columnRef(relation.pivotRelatedKey, pivotAlias) + QStringLiteral(" = ") +
                       columnRef(relation.foreignKey));
            q.whereIn(columnRef(relation.pivotForeignKey, pivotAlias), keys);
            q.selectRaw(QStringLiteral("%1.%2 AS %3")
                            .arg(d.quoteIdentifier(pivotAlias),
                                 d.quoteIdentifier(relation.pivotForeignKey),
                                 d.quoteIdentifier(parentColumn)));
            window.partition =
                d.quoteIdentifier(pivotAlias) + u'.' + d.quoteIdentifier(relation.pivotForeignKey);
            break;
        }
        if (!single)
            window.size = pageSize(args.value(str("first")), "first");
        else if (relation.kind == RelationInfo::HasOne)
            window.size = 1;
        children = queryRows(target, q, subfields, extra, window, args);
        if (relation.kind == RelationInfo::BelongsToMany) {
            // The pivot's key as the parent's key column reads it, so both compare equal.
            if (const ColumnInfo *parentKey = api.entity->column(relation.localKey)) {
                for (QVariant &child : children) {
                    QVariantMap map = child.toMap();
                    map.insert(linkColumn, fromDatabase(*parentKey, map.value(linkColumn)));
                    child = map;
                }
            }
        }
        QList<qint64> childWeights;
        qint64 total = 0;
        for (const QVariant &child : std::as_const(children)) {
            childWeights << parentWeight.value(keyString(child.toMap().value(linkColumn)));
            total += childWeights.last();
        }
        budget.spend(total);
        loadRelations(target, children, childWeights, subfields, info, budget);
    }
    // Attach each child to its parents, keeping the children's order.
    QHash<QString, QVariantList> byParent;
    for (const QVariant &child : std::as_const(children))
        byParent[keyString(child.toMap().value(linkColumn))].append(child);
    for (QVariant &row : rows) {
        QVariantMap map = row.toMap();
        const QVariantList mine = byParent.value(keyString(map.value(localKey)));
        if (single)
            map.insert(slot, mine.isEmpty() ? QVariant() : mine.first());
        else
            map.insert(slot, mine);
        row = map;
    }
}

QVariantList Api::reload(const EntityApi &api, const QList<QVariantMap> &keys,
                         const ResolveInfo &info) const
{
    if (keys.isEmpty())
        return {};
    Query q = rowsOf(api, info, Need::Read);
    q.where([&](Query &g) {
        for (const QVariantMap &key : keys)
            g.orWhere([&](Query &h) { whereKey(h, api, key); });
    });
    Budget limit = budget();
    const QVariantList rows =
        loadRows(api, q, info.subfields(*info.schema().type(api.typeName)), info, {}, limit);
    // In the order of the keys given.
    QHash<QString, QVariant> byKey;
    for (const QVariant &row : rows) {
        QStringList parts;
        for (const QString &column : api.entity->primaryKey)
            parts << keyString(row.toMap().value(rowKey(api, column)));
        byKey.insert(parts.join(u'\x1f'), row);
    }
    QVariantList out;
    for (const QVariantMap &key : keys) {
        QStringList parts;
        for (const QString &column : api.entity->primaryKey)
            parts << keyString(toColumnValue(*api.entity->column(column), key.value(column)));
        out << byKey.value(parts.join(u'\x1f'));
    }
    return out;
}

// Schema building

void Api::addFilterTypes(Schema &schema)
{
    const std::pair<const char *, bool> scalars[] = {
        {"ID", false},      {"Int", false},      {"BigInt", false},
        {"Float", false},   {"Decimal", false},  {"String", true},
        {"Boolean", false}, {"DateTime", false}, {"Date", false}};
    for (const auto &[scalar, text] : scalars) {
        const QString name = QLatin1String(scalar);
        NamedType t =
            inputType(name + str("Filter"),
                      QStringLiteral("Conditions on a %1 column; all given must hold.").arg(name));
        t.inputFields = {input(str("eq"), name, str("Equal to (null: is null).")),
                         input(str("neq"), name, str("Not equal to (null: is not null).")),
                         input(str("gt"), name),
                         input(str("gte"), name),
                         input(str("lt"), name),
                         input(str("lte"), name),
                         input(str("in"), u'[' + name + str("!]")),
                         input(str("nin"), u'[' + name + str("!]")),
                         input(str("isNull"), str("Boolean"))};
        if (text) {
            t.inputFields.push_back(
                input(str("like"), name, str("SQL LIKE: % and _ are wildcards.")));
            t.inputFields.push_back(input(str("ilike"), name, str("LIKE, ignoring case.")));
        }
        schema.addType(std::move(t));
    }
    NamedType json = inputType(str("JSONFilter"), str("Conditions on a JSON column."));
    json.inputFields = {input(str("isNull"), str("Boolean"))};
    schema.addType(std::move(json));

    NamedType direction;
    direction.kind = TypeKind::Enum;
    direction.name = str("OrderDirection");
    direction.enumValues = {{str("ASC"), str("Ascending."), false, {}},
                            {str("DESC"), str("Descending."), false, {}}};
    schema.addType(std::move(direction));
    NamedType nulls;
    nulls.kind = TypeKind::Enum;
    nulls.name = str("NullsOrder");
    nulls.enumValues = {{str("FIRST"), str("Nulls before other values."), false, {}},
                        {str("LAST"), str("Nulls after other values."), false, {}}};
    schema.addType(std::move(nulls));

    NamedType pageInfo = objectType(str("PageInfo"), str("Where a connection's page lies."));
    pageInfo.fields = {
        field(str("hasNextPage"), str("Boolean!")), field(str("hasPreviousPage"), str("Boolean!")),
        field(str("startCursor"), str("String")), field(str("endCursor"), str("String"))};
    schema.addType(std::move(pageInfo));
}

void Api::addEntityTypes(Schema &schema, EntityApi &api)
{
    const EntityInfo &e = *api.entity;
    NamedType type =
        objectType(api.typeName,
                   e.readOnly ? QStringLiteral("A row of the view %1.").arg(e.qualifiedTable())
                              : QStringLiteral("A row of the table %1.").arg(e.qualifiedTable()));
    NamedType where =
        inputType(api.typeName + str("Where"),
                  QStringLiteral("Conditions on %1 rows; all given must hold.").arg(api.typeName));
    where.inputFields = {input(str("and"), u'[' + where.name + str("!]")),
                         input(str("or"), u'[' + where.name + str("!]")),
                         input(str("not"), where.name)};
    NamedType fieldEnum;
    fieldEnum.kind = TypeKind::Enum;
    fieldEnum.name = api.typeName + str("Field");
    fieldEnum.description = QStringLiteral("The columns of %1.").arg(api.typeName);

    for (const ColumnInfo *c : std::as_const(api.columns)) {
        const QString name = api.fieldOfColumn.value(c->name);
        const QString scalar = scalarOf(e, *c);
        FieldDef f = field(name, scalar + (c->nullable ? QString() : str("!")),
                           QStringLiteral("Column %1 (%2).")
                               .arg(c->name, c->databaseType.isEmpty() ? columnTypeName(c->type)
                                                                       : c->databaseType));
        type.fields.push_back(std::move(f));
        where.inputFields.push_back(
            input(name, scalar == u"JSON" ? str("JSONFilter") : scalar + str("Filter")));
        fieldEnum.enumValues.push_back({name, {}, false, {}});
    }
    for (const RelationInfo &relation : e.relations) {
        const auto targetIt = m_byEntity.constFind(relation.target);
        if (targetIt == m_byEntity.constEnd())
            continue; // its entity is not part of the API
        QStringList names{relation.foreignKey, relation.localKey};
        if (relation.kind == RelationInfo::BelongsToMany)
            names << relation.pivotForeignKey << relation.pivotRelatedKey
                  << relation.pivotTable.split(u'.');
        if (!std::all_of(names.begin(), names.end(), isPlainIdentifier))
            continue; // a name the query builder cannot take
        const EntityApi &target = **targetIt;
        const bool many =
            relation.kind == RelationInfo::HasMany || relation.kind == RelationInfo::BelongsToMany;
        QString name =
            many ? Inflector::pluralField(relation.name) : Inflector::singularField(relation.name);
        name = sanitize(name);
        while (type.field(name) || name.isEmpty())
            name += u'_';
        FieldDef f =
            field(name, many ? u'[' + target.typeName + str("!]!") : target.typeName,
                  QStringLiteral("Relation %1 (%2 %3).")
                      .arg(relation.name, RelationInfo::kindName(relation.kind), relation.target));
        if (many)
            f.arguments = {input(str("where"), target.typeName + str("Where")),
                           input(str("orderBy"), u'[' + target.typeName + str("OrderBy!]")),
                           input(str("first"), str("Int"),
                                 QStringLiteral("At most this many per %1 (default %2, at most "
                                                "%3).")
                                     .arg(api.typeName)
                                     .arg(m_options.defaultPageSize)
                                     .arg(m_options.maxPageSize))};
        // The planner has put the related rows into the parent row under the response key.
        f.resolve = [](const QVariant &source, const QVariantMap &,
                       const ResolveInfo &info) -> QVariant {
            return source.toMap().value(u'@' + info.fieldNodes().front()->responseKey());
        };
        api.relationOfField.insert(name, &relation);
        type.fields.push_back(std::move(f));
    }
    schema.addType(std::move(type));
    schema.addType(std::move(where));
    schema.addType(std::move(fieldEnum));

    NamedType orderBy = inputType(api.typeName + str("OrderBy"),
                                  QStringLiteral("One sort key of %1 rows.").arg(api.typeName));
    orderBy.inputFields = {input(str("field"), api.typeName + str("Field!")),
                           input(str("direction"), str("OrderDirection"), {}, str("ASC")),
                           input(str("nulls"), str("NullsOrder"),
                                 str("Where nulls go; the database's default when absent."))};
    schema.addType(std::move(orderBy));

    NamedType edge = objectType(api.typeName + str("Edge"));
    edge.fields = {field(str("cursor"), str("String!")), field(str("node"), api.typeName + u'!')};
    schema.addType(std::move(edge));
    NamedType connection = objectType(api.typeName + str("Connection"),
                                      QStringLiteral("A page of %1 rows.").arg(api.typeName));
    connection.fields = {field(str("edges"), u'[' + api.typeName + str("Edge!]!")),
                         field(str("nodes"), u'[' + api.typeName + str("!]!")),
                         field(str("pageInfo"), str("PageInfo!")),
                         field(str("totalCount"), str("Int!"),
                               str("Rows matching the conditions, over all pages."))};
    schema.addType(std::move(connection));

    NamedType aggregate = objectType(api.typeName + str("Aggregate"),
                                     QStringLiteral("Aggregates over %1 rows.").arg(api.typeName));
    aggregate.fields = {field(str("count"), str("Int!"))};
    if (!api.numericFields.isEmpty()) {
        NamedType sum = objectType(api.typeName + str("Sums"));
        NamedType avg = objectType(api.typeName + str("Averages"));
        NamedType bounds = objectType(api.typeName + str("Bounds"));
        for (const QString &name : api.numericFields) {
            const ColumnInfo *c = api.columnOfField.value(name);
            const QString scalar = scalarOf(e, *c);
            const bool integral = scalar == u"Int" || scalar == u"BigInt" || scalar == u"ID";
            sum.fields.push_back(field(name, integral ? str("BigInt") : scalar));
            avg.fields.push_back(field(name, str("Float")));
            bounds.fields.push_back(field(name, scalar == u"ID" ? str("BigInt") : scalar));
        }
        aggregate.fields.push_back(field(str("sum"), sum.name + u'!'));
        aggregate.fields.push_back(field(str("avg"), avg.name + u'!'));
        aggregate.fields.push_back(field(str("min"), bounds.name + u'!'));
        aggregate.fields.push_back(field(str("max"), bounds.name + u'!'));
        schema.addType(std::move(sum));
        schema.addType(std::move(avg));
        schema.addType(std::move(bounds));
    }
    schema.addType(std::move(aggregate));

    if (m_options.mutations && !e.readOnly) {
        NamedType create = inputType(api.typeName + str("Input"),
                                     QStringLiteral("A new %1 row.").arg(api.typeName));
        NamedType patch = inputType(api.typeName + str("Patch"),
                                    QStringLiteral("Columns of %1 to change.").arg(api.typeName));
        for (const ColumnInfo *c : std::as_const(api.columns)) {
            const QString name = api.fieldOfColumn.value(c->name);
            const QString scalar = scalarOf(e, *c);
            const bool keyGiven = isKeyColumn(e, *c) && !c->readOnly; // upserts name the key
            if (isWritable(e, *c) || keyGiven)
                create.inputFields.push_back(
                    input(name, scalar + (isRequiredOnCreate(e, *c) ? str("!") : QString())));
            if (isWritable(e, *c) && !isKeyColumn(e, *c))
                patch.inputFields.push_back(input(name, scalar));
        }
        if (!create.inputFields.empty())
            schema.addType(std::move(create));
        if (!patch.inputFields.empty())
            schema.addType(std::move(patch));
    }
}

void Api::addRootFields(Schema &schema, const EntityApi &apiRef)
{
    const auto self = shared_from_this();
    const EntityApi *api = &apiRef;
    const EntityInfo &e = *api->entity;
    const QString typeName = api->typeName;

    if (api->hasKey()) {
        FieldDef get = field(str("get") + typeName, typeName,
                             QStringLiteral("The %1 with this key, or null.").arg(typeName));
        for (const QString &column : e.primaryKey)
            get.arguments.push_back(
                input(api->fieldOfColumn.value(column), scalarOf(e, *e.column(column)) + u'!'));
        get.resolve = [self, api](const QVariant &, const QVariantMap &args,
                                  const ResolveInfo &info) -> QVariant {
            Query q = self->rowsOf(*api, info, Need::Read);
            for (const QString &column : api->entity->primaryKey)
                q.where(columnRef(column), QStringLiteral("="),
                        self->toColumnValue(*api->entity->column(column),
                                            args.value(api->fieldOfColumn.value(column))));
            Budget budget = self->budget();
            const QVariantList rows = self->loadRows(
                *api, q, info.subfields(*info.schema().type(api->typeName)), info, {}, budget);
            return rows.isEmpty() ? QVariant() : rows.first();
        };
        schema.addField(schema.queryType(), std::move(get));
    }

    FieldDef list = field(str("list") + api->pluralType, u'[' + typeName + str("!]!"),
                          QStringLiteral("%1 rows, a page at a time.").arg(typeName));
    list.arguments = {input(str("where"), typeName + str("Where")),
                      input(str("orderBy"), u'[' + typeName + str("OrderBy!]")),
                      input(str("limit"), str("Int"),
                            QStringLiteral("Rows to return (default %1, at most %2).")
                                .arg(m_options.defaultPageSize)
                                .arg(m_options.maxPageSize)),
                      input(str("offset"), str("Int"), str("Rows to skip."), str("0"))};
    list.resolve = [self, api](const QVariant &, const QVariantMap &args,
                               const ResolveInfo &info) -> QVariant {
        Query q = self->rowsOf(*api, info, Need::Read);
        self->applyWhere(q, *api, args.value(str("where")).toMap());
        q.limit(self->pageSize(args.value(str("limit")), "limit"));
        const qint64 offset = args.value(str("offset")).toLongLong();
        if (offset < 0)
            throw FieldError(str("offset must not be negative."));
        q.offset(offset);
        Budget budget = self->budget();
        return self->loadRows(*api, q, info.subfields(*info.schema().type(api->typeName)), info,
                              args, budget);
    };
    schema.addField(schema.queryType(), std::move(list));

    FieldDef connection = field(api->plural, typeName + str("Connection!"),
                                QStringLiteral("%1 rows as a Relay connection.").arg(typeName));
    connection.arguments = {input(str("where"), typeName + str("Where")),
                            input(str("orderBy"), u'[' + typeName + str("OrderBy!]")),
                            input(str("first"), str("Int")),
                            input(str("after"), str("String")),
                            input(str("last"), str("Int")),
                            input(str("before"), str("String"))};
    connection.resolve = [self, api](const QVariant &, const QVariantMap &args,
                                     const ResolveInfo &info) -> QVariant {
        const auto cursorIndex = [](const QVariant &cursor, const char *argument) -> qint64 {
            if (cursor.isNull())
                return -1;
            const QByteArray text = QByteArray::fromBase64(cursor.toString().toLatin1());
            bool ok = text.startsWith("rex:");
            const qint64 index = ok ? text.mid(4).toLongLong(&ok) : -1;
            if (!ok || index < 0 || index > maxCursorIndex)
                throw FieldError(
                    QStringLiteral("%1 is not a cursor of this API.").arg(QLatin1String(argument)));
            return index;
        };
        const auto cursorOf = [](qint64 index) {
            return QString::fromLatin1(("rex:" + QByteArray::number(index)).toBase64());
        };
        const bool hasFirst = !args.value(str("first")).isNull();
        const bool hasLast = !args.value(str("last")).isNull();
        if (hasFirst && hasLast)
            throw FieldError(str("Give first or last, not both."));
        const qint64 after = cursorIndex(args.value(str("after")), "after");
        const qint64 before = cursorIndex(args.value(str("before")), "before");
        // The window of positions the cursors allow: [start, end); end -1 is open.
        qint64 start = after + 1;
        qint64 end = before;
        const NamedType &connectionType = *info.schema().type(api->typeName + str("Connection"));
        const NamedType &edgeType = *info.schema().type(api->typeName + str("Edge"));
        const NamedType &nodeType = *info.schema().type(api->typeName);
        // What nodes and edges.node select; each is planned on its own.
        std::vector<const Selection *> nodesSelection;
        std::vector<const Selection *> edgeNodeSelection;
        bool wantCount = false;
        for (const CollectedField &f : info.subfields(connectionType)) {
            if (!f.definition)
                continue;
            if (f.definition->name == u"nodes") {
                nodesSelection.insert(nodesSelection.end(), f.nodes.begin(), f.nodes.end());
            } else if (f.definition->name == u"totalCount") {
                wantCount = true;
            } else if (f.definition->name == u"edges") {
                for (const CollectedField &g : info.collectFields(edgeType, f.nodes)) {
                    if (g.definition && g.definition->name == u"node")
                        edgeNodeSelection.insert(edgeNodeSelection.end(), g.nodes.begin(),
                                                 g.nodes.end());
                }
            }
        }
        const auto baseQuery = [&] {
            Query q = self->rowsOf(*api, info, Need::Read);
            self->applyWhere(q, *api, args.value(str("where")).toMap());
            return q;
        };
        qint64 total = -1;
        const qint64 size =
            self->pageSize(hasLast ? args.value(str("last")) : args.value(str("first")),
                           hasLast ? "last" : "first");
        if (hasLast) {
            if (end < 0) { // counting back from the end needs the total
                total = baseQuery().count(self->m_db);
                end = total;
            }
            start = std::max(start, end - size);
        }
        const qint64 limit = end >= 0 ? std::clamp<qint64>(end - start, 0, size) : size;
        Budget budget = self->budget();
        const auto page = [&](const std::vector<const Selection *> &selection, bool count) {
            Query q = baseQuery();
            if (count) // a scalar subquery: the page itself keeps a top-N sort
                q.selectSubquery(baseQuery().select(str("COUNT(*)")), totalColumn);
            q.limit(limit + 1); // one more: is there a next page?
            q.offset(start);
            const std::vector<CollectedField> fields =
                selection.empty() ? std::vector<CollectedField>{}
                                  : info.collectFields(nodeType, selection);
            QVariantList rows = self->loadRows(*api, q, fields, info, args, budget);
            if (count && !rows.isEmpty())
                total = rows.first().toMap().value(u'#' + totalColumn).toLongLong();
            return rows;
        };
        const bool countInPage = wantCount && total < 0;
        QVariantList rows =
            page(nodesSelection.empty() ? edgeNodeSelection : nodesSelection, countInPage);
        const bool more = rows.size() > limit;
        if (more)
            rows.removeLast();
        QVariantList edgeRows = rows;
        if (!nodesSelection.empty() && !edgeNodeSelection.empty()) {
            edgeRows = page(edgeNodeSelection, false);
            if (edgeRows.size() > limit)
                edgeRows.removeLast();
        }
        if (wantCount && total < 0) // an empty page: count apart
            total = baseQuery().count(self->m_db);
        QVariantList edges;
        for (qsizetype i = 0; i < edgeRows.size(); ++i)
            edges << QVariantMap{{str("cursor"), cursorOf(start + i)},
                                 {str("node"), edgeRows.at(i)}};
        // Relay: with first, a next page exists when more rows follow inside the cursors'
        // window; with last, a previous page exists when rows precede the page in it.
        const bool hasNext =
            hasLast ? before >= 0 : (end >= 0 ? end - start > limit && more : more);
        const bool hasPrevious = hasLast ? start > after + 1 : after >= 0;
        const QVariantMap pageInfo{
            {str("hasNextPage"), hasNext},
            {str("hasPreviousPage"), hasPrevious},
            {str("startCursor"), rows.isEmpty() ? QVariant() : QVariant(cursorOf(start))},
            {str("endCursor"),
             rows.isEmpty() ? QVariant() : QVariant(cursorOf(start + rows.size() - 1))}};
        return QVariantMap{{str("edges"), edges},
                           {str("nodes"), rows},
                           {str("pageInfo"), pageInfo},
                           {str("totalCount"), total}};
    };
    schema.addField(schema.queryType(), std::move(connection));

    FieldDef aggregate =
        field(api->plural + str("Aggregate"), typeName + str("Aggregate!"),
              QStringLiteral("Count, sums, averages and bounds of %1 rows.").arg(typeName));
    aggregate.arguments = {input(str("where"), typeName + str("Where"))};
    aggregate.resolve = [self, api](const QVariant &, const QVariantMap &args,
                                    const ResolveInfo &info) -> QVariant {
        Query q = self->rowsOf(*api, info, Need::Read);
        self->applyWhere(q, *api, args.value(str("where")).toMap());
        QStringList select{str("COUNT(*) AS rex_count")};
        QStringList outputs; // "sum.unitPrice" for each selected column
        const NamedType &aggregateType = *info.schema().type(api->typeName + str("Aggregate"));
        static const QHash<QString, QString> functions = {{str("sum"), str("SUM")},
                                                          {str("avg"), str("AVG")},
                                                          {str("min"), str("MIN")},
                                                          {str("max"), str("MAX")}};
        for (const CollectedField &f : info.subfields(aggregateType)) {
            if (!f.definition || !functions.contains(f.definition->name))
                continue;
            const NamedType &inner = *info.schema().namedType(*f.definition->type);
            for (const CollectedField &g : info.collectFields(inner, f.nodes)) {
                if (!g.definition)
                    continue;
                const ColumnInfo *c = api->columnOfField.value(g.definition->name);
                const QString output = f.definition->name + u'.' + g.definition->name;
                if (!c || outputs.contains(output))
                    continue;
                select << QStringLiteral("%1(%2) AS rex_a%3")
                              .arg(functions.value(f.definition->name), columnRef(c->name))
                              .arg(outputs.size());
                outputs << output;
            }
        }
        const QueryResult r = q.select(select).execute(self->m_db);
        QVariantMap out{{str("count"), r.value(0, 0)}};
        QHash<QString, QVariantMap> groups;
        for (qsizetype i = 0; i < outputs.size(); ++i) {
            const QString function = outputs.at(i).section(u'.', 0, 0);
            const QString name = outputs.at(i).section(u'.', 1);
            QVariant value = r.value(0, int(i + 1));
            const ColumnInfo *c = api->columnOfField.value(name);
            if (function == u"avg")
                value = value.isNull() ? QVariant() : QVariant(value.toDouble());
            else if (c->type == ColumnType::Decimal)
                value = self->fromDatabase(*c, value);
            groups[function].insert(name, value);
        }
        for (const QString &function : functions.keys())
            out.insert(function, groups.value(function));
        return out;
    };
    schema.addField(schema.queryType(), std::move(aggregate));
}

void Api::addMutations(Schema &schema, const EntityApi &apiRef)
{
    const auto self = shared_from_this();
    const EntityApi *api = &apiRef;
    const EntityInfo &e = *api->entity;
    const QString typeName = api->typeName;
    if (schema.mutationType().isEmpty() || e.readOnly || !schema.type(typeName + str("Input")))
        return;
    const auto repository = std::make_shared<EntityRepository>(m_db, api->entity);
    // A write and the re-read of what it wrote share one transaction: a failure anywhere,
    // in validation or in the selection's own limits, leaves nothing written.
    const auto writing = [self, api](const std::function<QVariant()> &work) -> QVariant {
        try {
            QVariant result;
            self->m_db.transaction([&] { result = work(); });
            return result;
        } catch (const ValidationError &error) {
            throw validationFieldError(error, *api);
        }
    };
    const auto keyArgs = [&](FieldDef &f) {
        for (const QString &column : e.primaryKey)
            f.arguments.push_back(
                input(api->fieldOfColumn.value(column), scalarOf(e, *e.column(column)) + u'!'));
    };
    const NamedType *inputTypeDef = schema.type(typeName + str("Input"));

    FieldDef create = field(str("create") + typeName, typeName + u'!',
                            QStringLiteral("Inserts a %1 row after validating it.").arg(typeName));
    create.arguments = inputTypeDef->inputFields;
    create.resolve = [self, api, repository, writing](const QVariant &, const QVariantMap &args,
                                                      const ResolveInfo &info) -> QVariant {
        self->checkAccess(*api, info, Need::Write);
        return writing([&]() -> QVariant {
            const Record record = repository->create(self->columnValues(*api, args));
            const QVariantList rows = self->reload(*api, {record.primaryKey()}, info);
            self->checkStillVisible(*api, info, rows);
            return rows.value(0);
        });
    };
    schema.addField(schema.mutationType(), std::move(create));

    FieldDef createMany =
        field(str("create") + api->pluralType, u'[' + typeName + str("!]!"),
              QStringLiteral("Inserts %1 rows in one transaction: all or none.").arg(typeName));
    createMany.arguments = {input(str("input"), u'[' + typeName + str("Input!]!"))};
    createMany.resolve = [self, api, repository, writing](const QVariant &, const QVariantMap &args,
                                                          const ResolveInfo &info) -> QVariant {
        const QVariantList items = args.value(str("input")).toList();
        if (items.size() > self->m_options.maxPageSize)
            throw FieldError(QStringLiteral("input has %1 rows, above the maxPageSize limit of "
                                            "%2.")
                                 .arg(items.size())
                                 .arg(self->m_options.maxPageSize),
                             {{QStringLiteral("code"), QStringLiteral("LIMIT")}});
        self->checkAccess(*api, info, Need::Write);
        return writing([&]() -> QVariant {
            QList<QVariantMap> keys;
            for (const QVariant &item : items)
                keys << repository->create(self->columnValues(*api, item.toMap())).primaryKey();
            const QVariantList rows = self->reload(*api, keys, info);
            self->checkStillVisible(*api, info, rows);
            return rows;
        });
    };
    schema.addField(schema.mutationType(), std::move(createMany));

    if (!api->hasKey())
        return;
    const NamedType *patchType = schema.type(typeName + str("Patch"));
    if (patchType) {
        FieldDef update = field(str("update") + typeName, typeName,
                                QStringLiteral("Changes the given columns of the %1 with this "
                                               "key; null when there is none.")
                                    .arg(typeName));
        keyArgs(update);
        for (const InputValueDef &v : patchType->inputFields)
            update.arguments.push_back(v);
        update.resolve = [self, api, repository, writing](const QVariant &, const QVariantMap &args,
                                                          const ResolveInfo &info) -> QVariant {
            self->checkAccess(*api, info, Need::Write);
            return writing([&]() -> QVariant {
                QVariantMap values = self->columnValues(*api, args);
                QVariantMap keyColumns;
                for (const QString &key : api->entity->primaryKey) {
                    values.remove(key);
                    keyColumns.insert(key, args.value(api->fieldOfColumn.value(key)));
                }
                Query visible = self->rowsOf(*api, info, Need::Write);
                self->whereKey(visible, *api, keyColumns);
                if (visible.count(self->m_db) == 0)
                    return {}; // none, or none the caller may see
                const QVariant key = self->keyOf(*api, args);
                try {
                    const Record record = values.isEmpty() ? repository->findOrFail(key)
                                                           : repository->update(key, values);
                    const QVariantList rows = self->reload(*api, {record.primaryKey()}, info);
                    self->checkStillVisible(*api, info, rows);
                    return rows.value(0);
                } catch (const NotFoundError &) {
                    return {};
                }
            });
        };
        schema.addField(schema.mutationType(), std::move(update));
    }

    FieldDef remove = field(str("delete") + typeName, typeName,
                            QStringLiteral("Deletes the %1 with this key and returns it as it "
                                           "was; null when there was none.")
                                .arg(typeName));
    keyArgs(remove);
    remove.resolve = [self, api, repository](const QVariant &, const QVariantMap &args,
                                             const ResolveInfo &info) -> QVariant {
        self->checkAccess(*api, info, Need::Write);
        QVariant row;
        self->m_db.transaction([&] {
            QVariantMap key;
            for (const QString &column : api->entity->primaryKey)
                key.insert(column, args.value(api->fieldOfColumn.value(column)));
            row = self->reload(*api, {key}, info).value(0);
            if (!row.isNull())
                repository->remove(self->keyOf(*api, args));
        });
        return row;
    };
    schema.addField(schema.mutationType(), std::move(remove));

    FieldDef upsert = field(str("upsert") + typeName, typeName + u'!',
                            QStringLiteral("Inserts a %1 row, or updates the given columns of the "
                                           "row with the same key.")
                                .arg(typeName));
    upsert.arguments = {input(str("input"), typeName + str("Input!"))};
    upsert.resolve = [self, api, repository, writing](const QVariant &, const QVariantMap &args,
                                                      const ResolveInfo &info) -> QVariant {
        self->checkAccess(*api, info, Need::Write);
        return writing([&]() -> QVariant {
            const QVariantMap values = self->columnValues(*api, args.value(str("input")).toMap());
            const QStringList &key = api->entity->primaryKey;
            bool keyGiven = true;
            for (const QString &column : key)
                keyGiven = keyGiven && !values.value(column).isNull();
            QVariantList rows;
            if (!keyGiven) { // a generated key: a plain insert
                rows = self->reload(*api, {repository->create(values).primaryKey()}, info);
            } else {
                // Through the repository either way: validation, version columns, change events.
                const QVariant keyValue = self->keyOf(*api, values, true);
                QVariantMap changes = values;
                QVariantMap keyColumns;
                for (const QString &column : key) {
                    changes.remove(column);
                    keyColumns.insert(column, values.value(column));
                }
                const bool exists = repository->find(keyValue).has_value();
                if (exists) {
                    Query visible = self->rowsOf(*api, info, Need::Write);
                    self->whereKey(visible, *api, keyColumns);
                    if (visible.count(self->m_db) == 0)
                        throw forbidden(
                            QStringLiteral("You may not write this %1 row.").arg(api->typeName));
                }
                const Record record = !exists             ? repository->create(values)
                                      : changes.isEmpty() ? repository->findOrFail(keyValue)
                                                          : repository->update(keyValue, changes);
                rows = self->reload(*api, {record.primaryKey()}, info);
            }
            self->checkStillVisible(*api, info, rows);
            return rows.value(0);
        });
    };
    schema.addField(schema.mutationType(), std::move(upsert));

    // The keys of the rows a write query selects, for writing them one by one through the
    // repository when plugins hook the entity's writes.
    const auto keysOf = [self, api](const Query &q) {
        QStringList keyColumns;
        for (const QString &column : api->entity->primaryKey)
            keyColumns << column;
        const QueryResult rows = Query(q).select(keyColumns).execute(self->m_db);
        QVariantList keys;
        for (qsizetype i = 0; i < rows.size(); ++i) {
            QVariantMap key;
            for (const QString &column : api->entity->primaryKey)
                key.insert(column, rows.value(i, column));
            keys << (key.size() == 1 ? key.first() : QVariant(key));
        }
        return keys;
    };
    const auto hooked = [api]() {
        if (PluginManager::global().hooksFor(*api->entity).isEmpty())
            return false;
        if (!api->hasKey())
            throw FieldError(QStringLiteral("Plugins hook %1 writes; without a key its rows "
                                            "cannot be written one by one, so bulk writes are "
                                            "refused.")
                                 .arg(api->typeName),
                             {{QStringLiteral("code"), QStringLiteral("REFUSED")}});
        return true;
    };

    // Bulk changes by condition, refused (changing nothing) when more rows match than atMost.
    const auto guarded = [self, api](const QVariantMap &args, const ResolveInfo &info,
                                     const char *verb,
                                     const std::function<qint64(Query)> &work) -> QVariant {
        const qint64 atMost = args.value(str("atMost")).toLongLong();
        const EntityAccess *access = self->checkAccess(*api, info, Need::Write);
        const bool rowFilter = access && !access->where.isEmpty();
        if (rowFilter && !api->hasKey())
            throw forbidden(QStringLiteral("%1 has no key, so bulk writes under a row filter "
                                           "cannot be checked; write rows one by one.")
                                .arg(api->typeName));
        qint64 affected = 0;
        self->m_db.transaction([&] {
            Query q = self->rowsOf(*api, info, Need::Write);
            self->applyWhere(q, *api, args.value(str("where")).toMap());
            const qint64 matching = q.count(self->m_db);
            if (matching > atMost)
                throw FieldError(QStringLiteral("%1 rows match, more than atMost (%2): nothing "
                                                "was %3.")
                                     .arg(matching)
                                     .arg(atMost)
                                     .arg(QLatin1String(verb)),
                                 {{QStringLiteral("code"), QStringLiteral("AT_MOST")},
                                  {QStringLiteral("matching"), matching}});
            // Under a row filter, the rows written must still be inside it afterwards.
            QList<QVariantMap> keys;
            if (rowFilter) {
                QStringList keyColumns;
                for (const QString &column : api->entity->primaryKey)
                    keyColumns << columnRef(column);
                const QueryResult before = Query(q).select(keyColumns).execute(self->m_db);
                for (qsizetype i = 0; i < before.size(); ++i) {
                    QVariantMap key;
                    for (const QString &column : api->entity->primaryKey)
                        key.insert(column, before.value(i, column));
                    keys << key;
                }
            }
            // The write names its table without the alias; conditions go by column name.
            Query write(api->entity->qualifiedTable());
            PluginManager::global().applyScopes(write, *api->entity);
            self->applyWhere(write, *api, args.value(str("where")).toMap(), QString());
            self->restrict(write, *api, info, Need::Write, QString());
            affected = work(write);
            if (rowFilter && !keys.isEmpty() && qstrcmp(verb, "deleted") != 0) {
                Query after = self->rowsOf(*api, info, Need::Write);
                after.where([&](Query &g) {
                    for (const QVariantMap &key : keys)
                        g.orWhere([&](Query &h) { self->whereKey(h, *api, key); });
                });
                // Rows that arrived between the read of the keys and the write were not checked.
                if (affected != keys.size() || after.count(self->m_db) != keys.size())
                    throw forbidden(QStringLiteral("Some %1 rows would fall outside the rows you "
                                                   "may write; nothing was %2.")
                                        .arg(api->typeName, QLatin1String(verb)));
            }
            if (affected > atMost) // rows that arrived between the count and the write
                throw FieldError(QStringLiteral("%1 rows match, more than atMost (%2): nothing "
                                                "was %3.")
                                     .arg(affected)
                                     .arg(atMost)
                                     .arg(QLatin1String(verb)),
                                 {{QStringLiteral("code"), QStringLiteral("AT_MOST")},
                                  {QStringLiteral("matching"), affected}});
        });
        return affected;
    };
    if (patchType) {
        FieldDef updateMany = field(str("update") + api->pluralType, str("Int!"),
                                    QStringLiteral("Sets columns of every %1 row matching where, "
                                                   "in one transaction; returns the row count.")
                                        .arg(typeName));
        updateMany.arguments = {input(str("where"), typeName + str("Where!")),
                                input(str("set"), typeName + str("Patch!")),
                                input(str("atMost"), str("Int!"),
                                      str("Refuse, changing nothing, when more rows match."))};
        updateMany.resolve = [self, api, guarded, writing, repository, keysOf,
                              hooked](const QVariant &, const QVariantMap &args,
                                      const ResolveInfo &info) -> QVariant {
            return writing([&]() -> QVariant {
                const QVariantMap set = self->columnValues(*api, args.value(str("set")).toMap());
                if (set.isEmpty())
                    throw FieldError(str("set names no column."));
                Validator::validate(*api->entity, set, Validator::Mode::Update);
                return guarded(args, info, "updated", [&](Query q) -> qint64 {
                    if (!hooked())
                        return q.update(set).execute(self->m_db).rowsAffected;
                    // Through the repository, so every hook sees every row.
                    const QVariantList keys = keysOf(q);
                    for (const QVariant &key : keys)
                        repository->update(key, set);
                    return keys.size();
                });
            });
        };
        schema.addField(schema.mutationType(), std::move(updateMany));
    }
    FieldDef deleteMany = field(str("delete") + api->pluralType, str("Int!"),
                                QStringLiteral("Deletes every %1 row matching where, in one "
                                               "transaction; returns the row count.")
                                    .arg(typeName));
    deleteMany.arguments = {
        input(str("where"), typeName + str("Where!")),
        input(str("atMost"), str("Int!"), str("Refuse, deleting nothing, when more rows match."))};
    deleteMany.resolve = [self, guarded, repository, keysOf,
                          hooked](const QVariant &, const QVariantMap &args,
                                  const ResolveInfo &info) -> QVariant {
        return guarded(args, info, "deleted", [&](Query q) -> qint64 {
            if (!hooked())
                return q.remove().execute(self->m_db).rowsAffected;
            const QVariantList keys = keysOf(q);
            for (const QVariant &key : keys)
                repository->remove(key);
            return keys.size();
        });
    };
    schema.addField(schema.mutationType(), std::move(deleteMany));
}

void Api::build(Schema &schema, const Registry &registry)
{
    QStringList names = m_options.entities.isEmpty() ? registry.entityNames() : m_options.entities;
    QSet<QString> typeNames;
    for (const QString &name : std::as_const(names)) {
        auto api = std::make_shared<EntityApi>();
        api->entity = std::make_shared<const EntityInfo>(registry.entity(name));
        QString typeName = sanitize(m_options.typeNames.value(name, Inflector::typeName(name)));
        const QString base = typeName;
        for (int n = 2; typeNames.contains(typeName) || schema.type(typeName); ++n)
            typeName = base + QString::number(n);
        typeNames.insert(typeName);
        api->typeName = typeName;
        api->pluralType = upperFirst(Inflector::pluralField(typeName));
        if (api->pluralType == typeName) // sheep, series
            api->pluralType += str("List");
        api->singular = typeName.left(1).toLower() + typeName.mid(1);
        api->plural = api->pluralType.left(1).toLower() + api->pluralType.mid(1);
        if (api->entity->visibleColumnNames().isEmpty())
            continue; // nothing to show: no type
        // The query builder takes plain identifiers only: leave out what it cannot name.
        QStringList tableParts = api->entity->qualifiedTable().split(u'.');
        bool usable = std::all_of(tableParts.begin(), tableParts.end(), isPlainIdentifier);
        for (const QString &column : api->entity->primaryKey)
            usable = usable && isPlainIdentifier(column);
        if (!usable) {
            qCWarning(lcGraphQL).noquote()
                << "leaving" << api->entity->qualifiedTable()
                << "out of the GraphQL API: its table or key name is not a plain identifier";
            continue;
        }
        for (const ColumnInfo &c : api->entity->columns) {
            if (c.hidden)
                continue;
            if (!isPlainIdentifier(c.name)) {
                qCWarning(lcGraphQL).noquote()
                    << "leaving column" << c.name << "of" << api->entity->qualifiedTable()
                    << "out of the GraphQL API: its name is not a plain identifier";
                continue;
            }
            QString fieldName = sanitize(Inflector::fieldName(c.name));
            while (api->columnOfField.contains(fieldName))
                fieldName += u'_';
            api->columns << &c;
            api->fieldOfColumn.insert(c.name, fieldName);
            api->columnOfField.insert(fieldName, &c);
            if (isNumeric(c.type) && !c.isArray)
                api->numericFields << fieldName;
        }
        m_byEntity.insert(name, api);
        m_entities.push_back(api);
    }
    addFilterTypes(schema);
    bool writable = false;
    for (const auto &api : m_entities) {
        addEntityTypes(schema, *api);
        writable = writable || schema.type(api->typeName + str("Input"));
    }
    if (m_options.mutations && writable) {
        schema.addType(objectType(str("Mutation"), str("Writes.")));
        schema.setRootTypes(str("Query"), str("Mutation"));
    }
    for (const auto &api : m_entities)
        addRootFields(schema, *api);
    for (const auto &api : m_entities)
        addMutations(schema, *api);
    if (m_options.subscriptions && !m_entities.empty()) {
        NamedType op;
        op.kind = TypeKind::Enum;
        op.name = str("ChangeOperation");
        op.description = str("What a committed change did to a row.");
        op.enumValues = {{str("INSERT"), str("The row was inserted."), false, {}},
                         {str("UPDATE"), str("The row was changed."), false, {}},
                         {str("DELETE"), str("The row was deleted."), false, {}}};
        schema.addType(std::move(op));
        schema.addType(objectType(str("Subscription"), str("Committed changes, as they happen.")));
        schema.setRootTypes(schema.queryType(), schema.mutationType(), str("Subscription"));
        for (const auto &api : m_entities)
            addSubscriptions(schema, *api);
    }
    for (const auto &api : m_entities)
        m_entityOfTable.insert(api->entity->qualifiedTable(), api->entity->name);
}

QVariantMap Api::rowFromColumns(const EntityApi &api, const QVariantMap &byColumn) const
{
    QVariantMap row;
    for (const ColumnInfo &c : api.entity->columns) {
        const auto it = byColumn.constFind(c.name);
        if (it != byColumn.constEnd() && !c.hidden)
            row.insert(rowKey(api, c.name), fromDatabase(c, *it));
    }
    return row;
}

void Api::addSubscriptions(Schema &schema, const EntityApi &apiRef)
{
    const auto self = shared_from_this();
    const EntityApi *api = &apiRef;
    const QString typeName = api->typeName;
    NamedType change = objectType(typeName + str("Change"),
                                  QStringLiteral("A committed change of a %1 row.").arg(typeName));
    change.fields = {
        field(str("op"), str("ChangeOperation!")),
        field(str("seq"), str("BigInt!"),
              str("The server's sequence number of the change (increasing).")),
        field(str("node"), typeName, str("The row after the change; null for a delete.")),
        field(str("previous"), typeName,
              str("The row before the change, where it is known; null for an "
                  "insert."))};
    schema.addType(std::move(change));

    FieldDef changed =
        field(api->singular + str("Changed"), typeName + str("Change!"),
              QStringLiteral("Each committed change of a %1 row that matches where (tested on the "
                             "new row; a delete on the old one).")
                  .arg(typeName));
    changed.arguments = {input(str("where"), typeName + str("Where")),
                         input(str("ops"), str("[ChangeOperation!]"),
                               str("Only these operations (all when absent)."))};
    changed.resolve = [self, api](const QVariant &source, const QVariantMap &args,
                                  const ResolveInfo &info) -> QVariant {
        self->checkAccess(*api, info, Need::Read);
        if (source.metaType() != QMetaType::fromType<ChangeEvent>()) {
            // Not an event: subscriptionTarget() asks what the subscription watches.
            const auto probe = info.context().value(QLatin1String(subscriptionProbeKey));
            if (auto *target = probe.value<SubscriptionTarget *>()) {
                target->entity = api->entity->name;
                target->where = args.value(str("where")).toMap();
                for (const QVariant &op : args.value(str("ops")).toList())
                    target->operations << (op.toString() == u"INSERT"   ? ChangeEvent::Insert
                                           : op.toString() == u"UPDATE" ? ChangeEvent::Update
                                                                        : ChangeEvent::Delete);
            }
            return {};
        }
        const ChangeEvent &event = *static_cast<const ChangeEvent *>(source.constData());
        QVariantMap out{{str("op"), ChangeEvent::operationName(event.operation).toUpper()},
                        {str("seq"), qint64(event.sequence)}};
        const NamedType &changeType = *info.schema().type(api->typeName + str("Change"));
        const NamedType &rowType = *info.schema().type(api->typeName);
        for (const CollectedField &f : info.subfields(changeType)) {
            if (!f.definition ||
                (f.definition->name != u"node" && f.definition->name != u"previous"))
                continue;
            const bool node = f.definition->name == u"node";
            const QVariantMap &values = node ? event.newRow : event.oldRow;
            if (values.isEmpty() || (node && event.operation == ChangeEvent::Delete) ||
                (!node && event.operation == ChangeEvent::Insert))
                continue;
            // Aliases of one field share the row; each adds the relations it selects.
            QVariantList rows{out.contains(f.definition->name)
                                  ? out.value(f.definition->name)
                                  : self->rowFromColumns(*api, values)};
            Budget budget = self->budget();
            self->loadRelations(*api, rows, {1}, info.collectFields(rowType, f.nodes), info,
                                budget);
            out.insert(f.definition->name, rows.first());
        }
        return out;
    };
    schema.addField(schema.subscriptionType(), std::move(changed));
}

QString Api::entityNamed(const QString &name) const
{
    for (const auto &api : m_entities) {
        if (api->entity->name == name || api->typeName == name ||
            api->entity->qualifiedTable() == name)
            return api->entity->name;
    }
    return {};
}

std::optional<EntityNames> Api::names(const QString &entity) const
{
    const auto it = m_byEntity.constFind(entity);
    if (it == m_byEntity.constEnd())
        return std::nullopt;
    const EntityApi &api = **it;
    EntityNames names;
    names.typeName = api.typeName;
    if (api.hasKey())
        names.getField = str("get") + api.typeName;
    names.listField = str("list") + api.pluralType;
    names.aggregateField = api.plural + str("Aggregate");
    for (const ColumnInfo *column : api.columns)
        names.fields.append({column->name, api.fieldOfColumn.value(column->name)});
    return names;
}

QString Api::entityOf(const ChangeEvent &event) const
{
    if (const QString entity = m_entityOfTable.value(event.table); !entity.isEmpty())
        return entity;
    return m_byEntity.contains(event.entity) ? event.entity : QString();
}

QVariantMap Api::coerceWhere(const QString &entity, const QJsonValue &where) const
{
    const auto schema = m_schema.lock();
    if (!schema)
        throw FieldError(str("The GraphQL schema is gone."));
    const EntityApi &api = apiOf(entity);
    if (where.isNull() || where.isUndefined())
        return {};
    try {
        return Detail::coerceInputValue(*schema, where, *ref(api.typeName + str("Where"))).toMap();
    } catch (const Detail::CoercionError &e) {
        throw FieldError(
            QStringLiteral("where is not a valid %1Where: %2").arg(api.typeName, e.message()),
            {{QStringLiteral("code"), QStringLiteral("BAD_USER_INPUT")}});
    }
}

QVariantMap Api::readFilter(const QString &entity, const Access *access) const
{
    if (!access)
        return {};
    const EntityApi &api = apiOf(entity);
    const EntityAccess &a = accessOf(*access, api);
    if (!a.read)
        throw forbidden(QStringLiteral("You may not read %1 rows.").arg(api.typeName));
    return a.where;
}

// The type a value of the column is cast to in a row given by value (Query::fromRows), so that
// filters compare it as they compare the stored column: PostgreSQL types its parameters by the
// cast; SQLite needs the column's numeric affinity (text and date-times stay text, as stored);
// MySQL casts to its few CAST types (strings keep the connection's collation).
static QString castType(const Dialect &d, const ColumnInfo &c)
{
    if (c.isArray || c.type == ColumnType::Json || c.type == ColumnType::Binary)
        return d.name() == u"postgres"
                   ? (c.databaseType.isEmpty() ? d.typeName(c.typeSpec()) : c.databaseType)
                   : QString();
    if (d.name() == u"postgres") {
        const QString type =
            (c.databaseType.isEmpty() ? d.typeName(c.typeSpec()) : c.databaseType).toLower();
        // Enums and other named types (perhaps quoted, in another schema) compare as text;
        // "character" alone is char(1), which would cut values: bpchar keeps them whole.
        static const QRegularExpression plain(QStringLiteral("^[a-z_][a-z0-9_ ,()\\[\\]]*$"));
        if (!c.enumValues.isEmpty() || !plain.match(type).hasMatch())
            return str("text");
        if (type.startsWith(u"character varying") || type.startsWith(u"varchar"))
            return str("varchar");
        if (type == u"character" || type.startsWith(u"character(") || type.startsWith(u"char") ||
            type.startsWith(u"bpchar"))
            return str("bpchar");
        return type;
    }
    const bool sqlite = d.name() == u"sqlite";
    switch (c.type) {
    case ColumnType::Boolean:
    case ColumnType::SmallInt:
    case ColumnType::Integer:
    case ColumnType::BigInt:
        return sqlite ? str("INTEGER") : str("SIGNED");
    case ColumnType::Real:
    case ColumnType::Double:
        return sqlite ? str("REAL") : str("DOUBLE");
    case ColumnType::Decimal:
        if (sqlite)
            return str("NUMERIC");
        return c.precision > 0 ? QStringLiteral("DECIMAL(%1,%2)").arg(c.precision).arg(c.scale)
                               : str("DECIMAL(65,30)");
    case ColumnType::Date:
        return sqlite ? QString() : str("DATE");
    case ColumnType::Time:
        return sqlite ? QString() : str("TIME");
    case ColumnType::DateTime:
    case ColumnType::DateTimeTz:
        return sqlite ? QString() : str("DATETIME(6)");
    default:
        return {};
    }
}

// The columns a filter names, by column name.
static void filterColumns(const EntityApi &api, const QVariantMap &where, QSet<QString> &columns)
{
    for (auto it = where.constBegin(); it != where.constEnd(); ++it) {
        if (it.key() == u"and" || it.key() == u"or") {
            for (const QVariant &item : it.value().toList())
                filterColumns(api, item.toMap(), columns);
        } else if (it.key() == u"not") {
            filterColumns(api, it.value().toMap(), columns);
        } else if (const ColumnInfo *c = api.columnOfField.value(it.key())) {
            columns.insert(c->name);
        }
    }
}

QList<QList<bool>> Api::match(const QString &entity, const QList<ChangeEvent> &events,
                              const QList<QVariantMap> &filters) const
{
    const EntityApi &api = apiOf(entity);
    QList<QList<bool>> result(filters.size(), QList<bool>(events.size(), false));
    QList<qsizetype> tested; // the filters that need the database
    QSet<QString> columnSet;
    for (qsizetype f = 0; f < filters.size(); ++f) {
        if (isEmptyWhere(filters.at(f))) {
            result[f].fill(true);
        } else {
            tested << f;
            filterColumns(api, filters.at(f), columnSet);
        }
    }
    if (tested.isEmpty())
        return result;
    const Dialect &d = m_db.dialect();
    QStringList columns{str("rex_k")};
    QStringList castTypes{d.name() == u"postgres" ? str("bigint") : QString()};
    for (const ColumnInfo *c : api.columns) {
        if (!columnSet.contains(c->name))
            continue;
        columns << c->name;
        castTypes << castType(d, *c);
    }
    QList<QVariantList> rows;
    for (qsizetype e = 0; e < events.size(); ++e) {
        const ChangeEvent &event = events.at(e);
        const QVariantMap &values =
            event.operation == ChangeEvent::Delete ? event.oldRow : event.newRow;
        if (values.isEmpty())
            continue; // a table event: only empty filters match it
        QVariantList row{qint64(e)};
        for (qsizetype i = 1; i < columns.size(); ++i)
            row << d.toDatabaseValue(values.value(columns.at(i)));
        rows << row;
    }
    // A few hundred values per statement: SQLite resolves each bound name by scanning the list.
    const qsizetype perStatement = std::max<qsizetype>(1, 512 / columns.size());
    for (qsizetype start = 0; start < rows.size(); start += perStatement) {
        Query q;
        q.fromRows(columns, rows.mid(start, perStatement), tableAlias, castTypes);
        q.select(columnRef(str("rex_k")));
        for (qsizetype i = 0; i < tested.size(); ++i)
            q.selectCondition([&](Query &g) { applyWhere(g, api, filters.at(tested.at(i))); },
                              QStringLiteral("rex_f%1").arg(i));
        const QueryResult r = q.execute(m_db);
        for (qsizetype row = 0; row < r.size(); ++row) {
            const qsizetype e = r.value(row, 0).toLongLong();
            for (qsizetype i = 0; i < tested.size(); ++i)
                result[tested.at(i)][e] = r.value(row, int(i + 1)).toInt() == 1;
        }
    }
    return result;
}

QJsonObject Api::toFields(const QString &entity, const QVariantMap &row,
                          const QStringList &fields) const
{
    const EntityApi &api = apiOf(entity);
    const auto schema = m_schema.lock();
    const NamedType *type = schema ? schema->type(api.typeName) : nullptr;
    QJsonObject out;
    for (const ColumnInfo *c : api.columns) {
        const QString name = api.fieldOfColumn.value(c->name);
        const auto it = row.constFind(c->name);
        if (it == row.constEnd() || (!fields.isEmpty() && !fields.contains(name)))
            continue;
        // Serialized by the field's scalar, exactly as a GraphQL response carries it (ID and
        // BigInt as strings, date-times in one format).
        const QVariant value = fromDatabase(*c, *it);
        const FieldDef *field = type ? type->field(name) : nullptr;
        const NamedType *scalar = field ? schema->namedType(*field->type) : nullptr;
        try {
            out.insert(name, scalar && !value.isNull()
                                 ? Detail::serializeLeaf(*scalar, value).toJsonValue()
                                 : toResponseValue(value).toJsonValue());
        } catch (const Detail::CoercionError &) {
            out.insert(name, toResponseValue(value).toJsonValue());
        }
    }
    return out;
}

std::optional<SubscriptionTarget> Api::subscriptionTarget(const Document &document,
                                                          const QString &operationName,
                                                          const QJsonObject &variables,
                                                          const ExecutionOptions &options,
                                                          std::vector<GraphQLError> *errors) const
{
    const auto schema = m_schema.lock();
    if (!schema)
        throw FieldError(str("The GraphQL schema is gone."));
    SubscriptionTarget target;
    ExecutionOptions probe = options;
    probe.subscriptionEvent = true;
    probe.context.insert(QLatin1String(subscriptionProbeKey), QVariant::fromValue(&target));
    ExecutionResult result = execute(*schema, document, operationName, variables, probe);
    if (!target.entity.isEmpty())
        return target;
    if (errors) {
        *errors = std::move(result.errors);
        if (errors->empty()) {
            GraphQLError error;
            error.message = str("The subscription does not select a change field of the "
                                "generated API.");
            errors->push_back(std::move(error));
        }
    }
    return std::nullopt;
}

} // namespace

LiveApi::~LiveApi() = default;

GeneratedApi generateApi(const Database &database, const Registry &registry,
                         const ApiOptions &options)
{
    if (options.maxPageSize < 1 || options.defaultPageSize < 0 ||
        options.defaultPageSize > options.maxPageSize || options.maxRows < options.maxPageSize ||
        options.maxRows > 30000)
        throw SchemaError(QStringLiteral("The limits must satisfy 0 <= defaultPageSize (%1) <= "
                                         "maxPageSize (%2) <= maxRows (%3) <= 30000, with "
                                         "maxPageSize >= 1.")
                              .arg(options.defaultPageSize)
                              .arg(options.maxPageSize)
                              .arg(options.maxRows));
    auto schema = std::make_shared<Schema>();
    addStandardScalars(*schema);
    schema->addType(objectType(str("Query"), str("Reads.")));
    schema->setRootTypes(str("Query"));
    auto api = std::make_shared<Api>(database, options);
    api->setSchema(schema);
    api->build(*schema, registry);
    // Plugins' extensions see the generated schema and may add to it.
    for (QObject *instance : PluginManager::global().activeInstances()) {
        const auto *extension = qobject_cast<GraphQLExtension *>(instance);
        if (!extension)
            continue;
        try {
            extension->extendSchema(*schema, *api, database, registry);
        } catch (const std::exception &e) {
            throw SchemaError(
                QStringLiteral("The GraphQL extension of plugin %1 failed: %2")
                    .arg(qobject_cast<Plugin *>(instance)->name(), QString::fromUtf8(e.what())));
        }
    }
    schema->check();
    return {schema, api};
}

std::shared_ptr<Schema> generateSchema(const Database &database, const Registry &registry,
                                       const ApiOptions &options)
{
    return generateApi(database, registry, options).schema;
}

} // namespace RexOrm::GraphQL
