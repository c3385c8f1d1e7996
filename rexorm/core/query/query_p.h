#pragma once

#include <rexorm/query/query.h>

#include <memory>
#include <optional>

namespace RexOrm {

// "t.col", "col AS a", "COUNT(DISTINCT t.col) AS n", "*", "t.*"
struct ColumnRef
{
    QStringList qualifier; // schema/table parts before the column
    QString name;          // "*" for all columns
    QString aggregate;     // COUNT, SUM, AVG, MIN, MAX or empty
    bool distinct = false; // COUNT(DISTINCT ...)
    QString alias;
};

// "shop.users u"
struct TableRef
{
    QString name; // possibly "schema.table"
    QString alias;
};

struct QueryCondition
{
    enum Kind {
        Compare,
        CompareColumn,
        In,
        InSubquery,
        Null,
        Between,
        Like,
        Exists,
        Subquery,
        Raw,
        Group
    };
    Kind kind = Compare;
    bool orConnector = false;
    bool negate = false;
    bool caseInsensitive = false;
    ColumnRef column;
    ColumnRef otherColumn;
    QString op;
    QVariant value;
    QVariant high;
    QVariantList values;
    std::shared_ptr<const QueryData> subquery;
    SqlExpr raw;
    QList<QueryCondition> group;
};

struct JoinClause
{
    JoinType type = JoinType::Inner;
    TableRef table;
    struct On
    {
        ColumnRef left;
        QString op;
        ColumnRef right;
    };
    QList<On> on;
};

struct OrderTerm
{
    std::optional<ColumnRef> column;
    SqlExpr raw;
    Order order = Order::Asc;
    Nulls nulls = Nulls::Default;
};

struct SelectTerm
{
    std::optional<ColumnRef> column;
    SqlExpr raw;
    std::shared_ptr<const QueryData> subquery; // "(SELECT ...) AS alias"
    bool condition = false; // the subquery's WHERE as "CASE WHEN ... THEN 1 ELSE 0 END AS alias"
    QString alias;
};

// "FROM (SELECT ? AS a, ? AS b UNION ALL SELECT ?, ?) AS alias": rows given by value.
struct RowsSource
{
    QStringList columns;
    QStringList casts; // per column: a type to CAST the bound value to, or empty
    QList<QVariantList> rows;
};

struct NamedScope
{
    QString name;
    QList<QueryCondition> conditions;
};

struct QueryData
{
    enum Statement { Select, Insert, Upsert, Update, Delete };
    Statement statement = Select;
    TableRef table;
    std::optional<RowsSource> rowsSource; // instead of table.name, under table.alias
    QList<SelectTerm> select;
    bool distinct = false;
    QList<QueryCondition> where;
    QList<JoinClause> joins;
    QList<ColumnRef> groupBy;
    QList<QueryCondition> having;
    QList<OrderTerm> orderBy;
    qint64 limit = -1;
    qint64 offset = 0;
    QStringList writeColumns;
    QList<QVariantList> writeRows; // INSERT rows, or the one UPDATE row
    QStringList conflictColumns;
    QStringList updateColumns;
    QStringList returning;
    std::optional<QStringList> allowedColumns;
    QList<NamedScope> scopes;
    QStringList liftedScopes;
    bool allScopesLifted = false;

    // where, with the scopes ANDed to it: what the WHERE clause renders.
    QList<QueryCondition> effectiveWhere() const;
};

} // namespace RexOrm
