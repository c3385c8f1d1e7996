#pragma once

#include <rexorm/global.h>

#include <QtCore/QFuture>
#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

#include <functional>
#include <memory>
#include <utility>

namespace RexOrm {

class Database;
class Dialect;
class QueryResult;
struct QueryCondition;
struct QueryData;

// SQL and its bound values, rendered for one dialect; nothing has run yet.
struct REXORM_CORE_EXPORT BuiltQuery
{
    QString sql;
    QVariantList params;
};

// A fragment of SQL written by the caller, with '?' for each of its own bound values. Put one
// in a QVariant to use it as a value: update({{"views", QVariant::fromValue(SqlExpr("views +
// 1"))}}).
struct REXORM_CORE_EXPORT SqlExpr
{
    SqlExpr() = default;
    explicit SqlExpr(QString sql, QVariantList bindings = {})
        : sql(std::move(sql)), bindings(std::move(bindings))
    {}
    QString sql;
    QVariantList bindings;
};

// Column/value pairs in the order they should appear in the SQL.
using Fields = QList<std::pair<QString, QVariant>>;

enum class JoinType { Inner, Left, Right, Cross };
enum class Order { Asc, Desc };
enum class Nulls { Default, First, Last };

// A fluent query builder. It builds a syntax tree and renders it per dialect: every value is
// bound, every identifier quoted. Column arguments accept "column", "table.column",
// "column AS alias", "COUNT(column) AS alias" (COUNT, SUM, AVG, MIN, MAX, optionally DISTINCT)
// and "*"; anything else is refused with an Error, and goes through the *Raw() methods instead.
// Queries are values: copying is cheap, and a copy changes independently.
class REXORM_CORE_EXPORT Query
{
public:
    Query();
    // "users", "users u", "users AS u", "shop.users u"
    explicit Query(const QString &table);
    static Query from(const QString &table) { return Query(table); }
    Query(const Query &other);
    Query(Query &&other) noexcept;
    Query &operator=(const Query &other);
    Query &operator=(Query &&other) noexcept;
    ~Query();

    Query &table(const QString &table);

    // SELECT (the default statement)
    Query &select(const QStringList &columns);
    Query &select(const QString &column) { return select(QStringList{column}); }
    Query &selectRaw(const QString &sql, const QVariantList &bindings = {});
    // "(SELECT ...) AS alias": a scalar subquery as a column, its values bound in order.
    Query &selectSubquery(const Query &subquery, const QString &alias);
    // "CASE WHEN <conditions> THEN 1 ELSE 0 END AS alias": whether a row meets the conditions
    // the function adds (with where(), orWhere(), ...), as a column.
    Query &selectCondition(const std::function<void(Query &)> &conditions, const QString &alias);
    Query &distinct(bool enabled = true);
    // Reads rows given by value instead of a table: "FROM (SELECT ? AS a, ... UNION ALL SELECT
    // ...) AS alias", every value bound; casts names per column a type to CAST the value to
    // (from metadata, e.g. "numeric(10,2)"), or is empty. Conditions then test these rows
    // exactly as the database would test stored ones.
    Query &fromRows(const QStringList &columns, const QList<QVariantList> &rows,
                    const QString &alias, const QStringList &casts = {});

    // WHERE: conditions join with AND, the or*() forms with OR; a group nests in parentheses.
    Query &where(const QString &column, const QString &op, const QVariant &value);
    Query &where(const QString &column, const QVariant &value);
    Query &where(const std::function<void(Query &)> &group);
    Query &whereNot(const std::function<void(Query &)> &group); // NOT (...)
    Query &andWhere(const QString &column, const QString &op, const QVariant &value)
    {
        return where(column, op, value);
    }
    Query &orWhere(const QString &column, const QString &op, const QVariant &value);
    Query &orWhere(const QString &column, const QVariant &value);
    Query &orWhere(const std::function<void(Query &)> &group);
    Query &whereIn(const QString &column, const QVariantList &values);
    Query &whereNotIn(const QString &column, const QVariantList &values);
    Query &orWhereIn(const QString &column, const QVariantList &values);
    Query &whereIn(const QString &column, const Query &subquery);
    Query &whereNotIn(const QString &column, const Query &subquery);
    Query &whereSubquery(const QString &column, const QString &op, const Query &subquery);
    Query &whereNull(const QString &column);
    Query &whereNotNull(const QString &column);
    Query &orWhereNull(const QString &column);
    Query &whereBetween(const QString &column, const QVariant &low, const QVariant &high);
    Query &whereNotBetween(const QString &column, const QVariant &low, const QVariant &high);
    Query &whereLike(const QString &column, const QString &pattern);
    Query &whereILike(const QString &column, const QString &pattern); // case-insensitive everywhere
    Query &whereExists(const Query &subquery);
    Query &whereNotExists(const Query &subquery);
    Query &whereColumn(const QString &left, const QString &op, const QString &right);
    Query &whereRaw(const QString &sql, const QVariantList &bindings = {});
    Query &orWhereRaw(const QString &sql, const QVariantList &bindings = {});

    // JOIN: on is "a.x = b.y [AND c.z = d.w ...]"
    Query &join(const QString &table, const QString &on, JoinType type = JoinType::Inner);
    Query &join(const QString &table, const QString &left, const QString &op, const QString &right,
                JoinType type = JoinType::Inner);
    Query &leftJoin(const QString &table, const QString &on)
    {
        return join(table, on, JoinType::Left);
    }
    Query &rightJoin(const QString &table, const QString &on)
    {
        return join(table, on, JoinType::Right);
    }
    Query &crossJoin(const QString &table);

    Query &groupBy(const QStringList &columns);
    Query &having(const QString &column, const QString &op, const QVariant &value);
    Query &havingRaw(const QString &sql, const QVariantList &bindings = {});
    Query &orderBy(const QString &column, Order order = Order::Asc, Nulls nulls = Nulls::Default);
    Query &orderByRaw(const QString &sql, const QVariantList &bindings = {});
    Query &limit(qint64 count);
    Query &offset(qint64 count);

    // Writes: these turn the query into an INSERT, UPDATE or DELETE of its table.
    Query &insert(const Fields &row);
    Query &insert(const QVariantMap &row);
    Query &insert(const QList<Fields> &rows); // every row names the same columns
    Query &upsert(const QList<Fields> &rows, const QStringList &conflictColumns,
                  const QStringList &updateColumns);
    Query &update(const Fields &values);
    Query &update(const QVariantMap &values);
    Query &remove();
    // Columns returned by an INSERT/UPDATE/DELETE (PostgreSQL, SQLite); an Error elsewhere.
    Query &returning(const QStringList &columns);

    // Refuses, when built, any column not in this list: for names that come from outside.
    Query &allowColumns(const QStringList &columns);

    // A named filter ANDed with the query's own conditions when it is built (the query's own
    // are parenthesized first). Repositories add the plugins' QueryScopes this way; a scope
    // lifted with withoutScope() stays lifted, whenever it is added.
    Query &scope(const QString &name, const std::function<void(Query &)> &conditions);
    Query &withoutScope(const QString &name);
    Query &withoutScopes();         // every scope, now and later
    QStringList scopeNames() const; // the scopes in effect

    BuiltQuery build(const Dialect &dialect) const;
    // Every table the query reads or writes: its own, joined ones and those of subqueries.
    QStringList tables() const;
    // True when raw SQL fragments (selectRaw, whereRaw, ...) take part: their tables are unknown.
    bool hasRawSql() const;
    QueryResult execute(const Database &db) const;
    QFuture<QueryResult> executeAsync(const Database &db) const;

    // Aggregates over the rows the query selects.
    qint64 count(const Database &db, const QString &column = QStringLiteral("*")) const;
    QVariant sum(const Database &db, const QString &column) const;
    QVariant avg(const Database &db, const QString &column) const;
    QVariant min(const Database &db, const QString &column) const;
    QVariant max(const Database &db, const QString &column) const;

    // Walks the selected rows in pages of `size`, ordered by keyColumn, seeking past the last key
    // instead of using OFFSET, so huge tables stay fast. Stops when onPage returns false.
    void chunk(const Database &db, int size, const QString &keyColumn,
               const std::function<bool(const QueryResult &page)> &onPage) const;

private:
    friend struct QueryRenderer;
    Query &addCondition(bool orConnector, const std::function<void(QueryCondition &)> &fill);
    QVariant aggregate(const Database &db, const QString &function, const QString &column) const;
    void detach();
    std::shared_ptr<QueryData> d;
};

} // namespace RexOrm

Q_DECLARE_METATYPE(RexOrm::SqlExpr)
