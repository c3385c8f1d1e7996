#include "query_p.h"

#include <rexorm/changes/changeevent.h>
#include <rexorm/database/database.h>
#include <rexorm/error.h>

#include <QtCore/QRegularExpression>

#include <algorithm>

namespace RexOrm {

namespace {

const QString identifierPattern = QStringLiteral("[\\p{L}_][\\p{L}\\p{N}_$]*");

[[noreturn]] void refuseColumn(const QString &text)
{
    throw Error(QStringLiteral("\"%1\" is not a column reference (column, table.column, "
                               "AGG(column), each optionally \"AS alias\"); write other SQL "
                               "with selectRaw(), whereRaw(), havingRaw() or orderByRaw()")
                    .arg(text));
}

// Splits "expr AS alias" or "expr alias"; the alias must be a plain identifier.
std::pair<QString, QString> splitAlias(const QString &text)
{
    static const QRegularExpression withAs(
        QStringLiteral("^(.*\\S)\\s+AS\\s+(%1)$").arg(identifierPattern),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression bare(
        QStringLiteral("^([^\\s()]+)\\s+(%1)$").arg(identifierPattern));
    if (const auto m = withAs.match(text); m.hasMatch())
        return {m.captured(1), m.captured(2)};
    if (const auto m = bare.match(text); m.hasMatch())
        return {m.captured(1), m.captured(2)};
    return {text, QString()};
}

ColumnRef parseColumn(const QString &input, bool allowAlias = true)
{
    static const QRegularExpression aggregate(
        QStringLiteral("^(COUNT|SUM|AVG|MIN|MAX)\\s*\\(\\s*(DISTINCT\\s+)?(.+?)\\s*\\)$"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression dotted(
        QStringLiteral("^(?:(%1)\\.){0,2}(%1|\\*)$").arg(identifierPattern));
    const QString text = input.trimmed();
    ColumnRef ref;
    auto [expression, alias] =
        allowAlias ? splitAlias(text) : std::pair<QString, QString>{text, QString()};
    ref.alias = alias;
    QString column = expression.trimmed();
    if (const auto m = aggregate.match(column); m.hasMatch()) {
        ref.aggregate = m.captured(1).toUpper();
        ref.distinct = !m.captured(2).isEmpty();
        column = m.captured(3);
        if (column == u"*" && (ref.aggregate != u"COUNT" || ref.distinct))
            refuseColumn(text);
    }
    if (!dotted.match(column).hasMatch())
        refuseColumn(text);
    QStringList parts = column.split(u'.');
    ref.name = parts.takeLast();
    ref.qualifier = parts;
    return ref;
}

TableRef parseTable(const QString &input)
{
    static const QRegularExpression name(QStringLiteral("^(?:%1\\.)?%1$").arg(identifierPattern));
    const QString text = input.trimmed();
    const auto [table, alias] = splitAlias(text);
    if (!name.match(table).hasMatch())
        throw Error(QStringLiteral("\"%1\" is not a table reference (table, schema.table, each "
                                   "optionally with an alias)")
                        .arg(text));
    return {table, alias};
}

QString normalizeOperator(const QString &op)
{
    static const QStringList allowed = {QStringLiteral("="),     QStringLiteral("<>"),
                                        QStringLiteral("<"),     QStringLiteral("<="),
                                        QStringLiteral(">"),     QStringLiteral(">="),
                                        QStringLiteral("LIKE"),  QStringLiteral("NOT LIKE"),
                                        QStringLiteral("ILIKE"), QStringLiteral("NOT ILIKE")};
    QString normalized = op.simplified().toUpper();
    if (normalized == u"!=")
        normalized = QStringLiteral("<>");
    if (!allowed.contains(normalized))
        throw Error(QStringLiteral("Unsupported comparison operator \"%1\"; use one of %2, or "
                                   "whereIn(), whereNull(), whereBetween(), whereRaw()")
                        .arg(op, allowed.join(QStringLiteral(", "))));
    return normalized;
}

Fields toFields(const QVariantMap &map)
{
    Fields fields;
    for (auto it = map.begin(); it != map.end(); ++it)
        fields.append({it.key(), it.value()});
    return fields;
}

bool isSqlExpr(const QVariant &value)
{
    return value.metaType() == QMetaType::fromType<SqlExpr>();
}

} // namespace

// Renders a QueryData for one dialect, numbering placeholders across subqueries.
struct QueryRenderer
{
    const Dialect &dialect;
    QVariantList &params;

    QString bind(const QVariant &value)
    {
        if (isSqlExpr(value))
            return raw(value.value<SqlExpr>());
        params << value;
        return dialect.placeholder(int(params.size() - 1));
    }

    // Replaces each '?' outside quotes in a caller's fragment with this dialect's placeholder.
    QString raw(const SqlExpr &expr)
    {
        QString out;
        qsizetype used = 0;
        QChar quote;
        for (QChar c : expr.sql) {
            if (!quote.isNull()) {
                if (c == quote)
                    quote = QChar();
                out += c;
            } else if (c == u'\'' || c == u'"' || c == u'`') {
                quote = c;
                out += c;
            } else if (c == u'?') {
                if (used >= expr.bindings.size())
                    throw Error(QStringLiteral("Raw SQL \"%1\" has more '?' than bound values (%2)")
                                    .arg(expr.sql)
                                    .arg(expr.bindings.size()));
                out += bind(expr.bindings[used++]);
            } else {
                out += c;
            }
        }
        if (used != expr.bindings.size())
            throw Error(QStringLiteral("Raw SQL \"%1\" has %2 '?' but %3 bound values")
                            .arg(expr.sql)
                            .arg(used)
                            .arg(expr.bindings.size()));
        return out;
    }

    QString qualified(const QStringList &qualifier, const QString &name)
    {
        QString out;
        for (const QString &part : qualifier)
            out += dialect.quoteIdentifier(part) + u'.';
        return out + (name == u"*" ? QStringLiteral("*") : dialect.quoteIdentifier(name));
    }

    QString column(const ColumnRef &ref, bool withAlias = false)
    {
        QString out = qualified(ref.qualifier, ref.name);
        if (!ref.aggregate.isEmpty())
            out = ref.aggregate + u'(' + (ref.distinct ? QStringLiteral("DISTINCT ") : QString()) +
                  out + u')';
        if (withAlias && !ref.alias.isEmpty())
            out += QStringLiteral(" AS ") + dialect.quoteIdentifier(ref.alias);
        return out;
    }

    QString table(const TableRef &ref, bool withAlias = true)
    {
        QString out = dialect.quoteQualified(ref.name);
        if (withAlias && !ref.alias.isEmpty())
            out += QStringLiteral(" AS ") + dialect.quoteIdentifier(ref.alias);
        return out;
    }

    QString conditions(const QList<QueryCondition> &list)
    {
        QString out;
        for (const QueryCondition &condition : list) {
            const QString rendered = this->condition(condition);
            if (rendered.isEmpty())
                continue;
            if (!out.isEmpty())
                out += condition.orConnector ? QStringLiteral(" OR ") : QStringLiteral(" AND ");
            out += rendered;
        }
        return out;
    }

    QString condition(const QueryCondition &c)
    {
        const QString notPrefix = c.negate ? QStringLiteral("NOT ") : QString();
        switch (c.kind) {
        case QueryCondition::Compare:
            return column(c.column) + u' ' + c.op + u' ' + bind(c.value);
        case QueryCondition::CompareColumn:
            return column(c.column) + u' ' + c.op + u' ' + column(c.otherColumn);
        case QueryCondition::In: {
            if (c.values.isEmpty()) // "IN ()" is not SQL: nothing is in an empty list
                return c.negate ? QStringLiteral("1 = 1") : QStringLiteral("1 = 0");
            QStringList markers;
            for (const QVariant &value : c.values)
                markers << bind(value);
            return column(c.column) + u' ' + notPrefix + QStringLiteral("IN (") +
                   markers.join(QStringLiteral(", ")) + u')';
        }
        case QueryCondition::InSubquery:
            return column(c.column) + u' ' + notPrefix + QStringLiteral("IN (") +
                   select(*c.subquery) + u')';
        case QueryCondition::Subquery:
            return column(c.column) + u' ' + c.op + QStringLiteral(" (") + select(*c.subquery) +
                   u')';
        case QueryCondition::Null:
            return column(c.column) +
                   (c.negate ? QStringLiteral(" IS NOT NULL") : QStringLiteral(" IS NULL"));
        case QueryCondition::Between: {
            const QString low = bind(c.value);
            const QString high = bind(c.high);
            return column(c.column) + u' ' + notPrefix + QStringLiteral("BETWEEN ") + low +
                   QStringLiteral(" AND ") + high;
        }
        case QueryCondition::Like:
            if (c.caseInsensitive && dialect.name() != u"postgres")
                return QStringLiteral("LOWER(") + column(c.column) + u')' + u' ' + notPrefix +
                       QStringLiteral("LIKE LOWER(") + bind(c.value) + u')';
            return column(c.column) + u' ' + notPrefix +
                   (c.caseInsensitive ? QStringLiteral("ILIKE ") : QStringLiteral("LIKE ")) +
                   bind(c.value);
        case QueryCondition::Exists:
            return notPrefix + QStringLiteral("EXISTS (") + select(*c.subquery) + u')';
        case QueryCondition::Raw:
            return u'(' + raw(c.raw) + u')';
        case QueryCondition::Group: {
            const QString inner = conditions(c.group);
            if (inner.isEmpty())
                return c.negate ? QStringLiteral("NOT (1 = 1)") : QString();
            return notPrefix + u'(' + inner + u')';
        }
        }
        return {};
    }

    QString select(const QueryData &q)
    {
        QString sql = QStringLiteral("SELECT ");
        if (q.distinct)
            sql += QStringLiteral("DISTINCT ");
        if (q.select.isEmpty()) {
            sql += u'*';
        } else {
            QStringList terms;
            for (const SelectTerm &term : q.select) {
                if (term.condition) {
                    const QString inner = conditions(term.subquery->where);
                    terms << QStringLiteral("CASE WHEN %1 THEN 1 ELSE 0 END AS %2")
                                 .arg(inner.isEmpty() ? QStringLiteral("1 = 1") : inner,
                                      dialect.quoteIdentifier(term.alias));
                } else if (term.subquery)
                    terms << u'(' + select(*term.subquery) + QStringLiteral(") AS ") +
                                 dialect.quoteIdentifier(term.alias);
                else
                    terms << (term.column ? column(*term.column, true) : raw(term.raw));
            }
            sql += terms.join(QStringLiteral(", "));
        }
        if (q.rowsSource)
            sql += QStringLiteral(" FROM (") + rows(*q.rowsSource) + QStringLiteral(") AS ") +
                   dialect.quoteIdentifier(q.table.alias);
        else if (!q.table.name.isEmpty())
            sql += QStringLiteral(" FROM ") + table(q.table);
        for (const JoinClause &join : q.joins) {
            static const char *const names[] = {"INNER JOIN", "LEFT JOIN", "RIGHT JOIN",
                                                "CROSS JOIN"};
            sql += u' ' + QLatin1String(names[int(join.type)]) + u' ' + table(join.table);
            QStringList on;
            for (const JoinClause::On &term : join.on)
                on << column(term.left) + u' ' + term.op + u' ' + column(term.right);
            if (!on.isEmpty())
                sql += QStringLiteral(" ON ") + on.join(QStringLiteral(" AND "));
        }
        sql += whereClause(q);
        if (!q.groupBy.isEmpty()) {
            QStringList columns;
            for (const ColumnRef &ref : q.groupBy)
                columns << column(ref);
            sql += QStringLiteral(" GROUP BY ") + columns.join(QStringLiteral(", "));
        }
        if (const QString having = conditions(q.having); !having.isEmpty())
            sql += QStringLiteral(" HAVING ") + having;
        if (!q.orderBy.isEmpty()) {
            QStringList terms;
            for (const OrderTerm &term : q.orderBy) {
                if (!term.column) {
                    terms << raw(term.raw);
                    continue;
                }
                const QString target = term.column->aggregate.isEmpty() &&
                                               term.column->qualifier.isEmpty() &&
                                               !term.column->alias.isEmpty()
                                           ? dialect.quoteIdentifier(term.column->alias)
                                           : column(*term.column);
                QString rendered = target;
                if (term.nulls != Nulls::Default && !dialect.supportsNullsOrdering())
                    terms << target + (term.nulls == Nulls::First ? QStringLiteral(" IS NULL DESC")
                                                                  : QStringLiteral(" IS NULL ASC"));
                if (term.order == Order::Desc)
                    rendered += QStringLiteral(" DESC");
                if (term.nulls != Nulls::Default && dialect.supportsNullsOrdering())
                    rendered += term.nulls == Nulls::First ? QStringLiteral(" NULLS FIRST")
                                                           : QStringLiteral(" NULLS LAST");
                terms << rendered;
            }
            sql += QStringLiteral(" ORDER BY ") + terms.join(QStringLiteral(", "));
        }
        sql += dialect.limitClause(q.limit, q.offset);
        return sql;
    }

    QString rows(const RowsSource &source)
    {
        QStringList selects;
        for (const QVariantList &row : source.rows) {
            QStringList values;
            for (qsizetype i = 0; i < source.columns.size(); ++i) {
                QString value = bind(row.value(i));
                if (!source.casts.value(i).isEmpty())
                    value = QStringLiteral("CAST(%1 AS %2)").arg(value, source.casts.at(i));
                if (selects.isEmpty()) // the first row names the columns
                    value += QStringLiteral(" AS ") + dialect.quoteIdentifier(source.columns.at(i));
                values << value;
            }
            selects << QStringLiteral("SELECT ") + values.join(QStringLiteral(", "));
        }
        return selects.join(QStringLiteral(" UNION ALL "));
    }

    QString whereClause(const QueryData &q)
    {
        const QString where = conditions(q.effectiveWhere());
        return where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where;
    }

    QStringList quotedColumns(const QStringList &names)
    {
        QStringList quoted;
        for (const QString &name : names)
            quoted << dialect.quoteIdentifier(name);
        return quoted;
    }

    QString returning(const QueryData &q)
    {
        if (q.returning.isEmpty())
            return {};
        if (!dialect.supportsReturning())
            throw Error(
                QStringLiteral("%1 has no RETURNING clause; read QueryResult::lastInsertId, or "
                               "select the rows after writing")
                    .arg(dialect.displayName()));
        return dialect.returningClause(quotedColumns(q.returning));
    }

    QString write(const QueryData &q)
    {
        if (q.statement != QueryData::Select && q.table.name.isEmpty())
            throw Error(QStringLiteral("A write needs a table: Query(\"table\")"));
        switch (q.statement) {
        case QueryData::Insert:
        case QueryData::Upsert: {
            QStringList rows;
            for (const QVariantList &row : q.writeRows) {
                QStringList markers;
                for (const QVariant &value : row)
                    markers << bind(value);
                rows << u'(' + markers.join(QStringLiteral(", ")) + u')';
            }
            QString sql = QStringLiteral("INSERT INTO ") + table(q.table, false) +
                          QStringLiteral(" (") +
                          quotedColumns(q.writeColumns).join(QStringLiteral(", ")) +
                          QStringLiteral(") VALUES ") + rows.join(QStringLiteral(", "));
            if (q.statement == QueryData::Upsert)
                sql += dialect.upsertClause(quotedColumns(q.conflictColumns),
                                            quotedColumns(q.updateColumns));
            return sql + returning(q);
        }
        case QueryData::Update: {
            QStringList sets;
            const QVariantList &row = q.writeRows.first();
            for (qsizetype i = 0; i < q.writeColumns.size(); ++i)
                sets << dialect.quoteIdentifier(q.writeColumns[i]) + QStringLiteral(" = ") +
                            bind(row[i]);
            return QStringLiteral("UPDATE ") + table(q.table) + QStringLiteral(" SET ") +
                   sets.join(QStringLiteral(", ")) + whereClause(q) + returning(q);
        }
        case QueryData::Delete:
            return QStringLiteral("DELETE FROM ") + table(q.table) + whereClause(q) + returning(q);
        case QueryData::Select:
            break;
        }
        return select(q);
    }
};

namespace {

void collectColumns(const QueryData &q, QList<ColumnRef> &out);

void collectConditionColumns(const QList<QueryCondition> &list, QList<ColumnRef> &out)
{
    for (const QueryCondition &c : list) {
        if (c.kind == QueryCondition::Group) {
            collectConditionColumns(c.group, out);
            continue;
        }
        if (c.kind != QueryCondition::Raw && c.kind != QueryCondition::Exists)
            out << c.column;
        if (c.kind == QueryCondition::CompareColumn)
            out << c.otherColumn;
    }
}

void collectColumns(const QueryData &q, QList<ColumnRef> &out)
{
    for (const SelectTerm &term : q.select) {
        if (term.column)
            out << *term.column;
    }
    collectConditionColumns(q.effectiveWhere(), out);
    collectConditionColumns(q.having, out);
    out << q.groupBy;
    for (const JoinClause &join : q.joins) {
        for (const JoinClause::On &on : join.on)
            out << on.left << on.right;
    }
    for (const QString &name : q.writeColumns + q.returning + q.conflictColumns) {
        ColumnRef ref;
        ref.name = name;
        out << ref;
    }
}

void checkAllowedInSubqueries(const QList<QueryCondition> &list);

void checkAllowed(const QueryData &q)
{
    for (const SelectTerm &term : q.select) {
        if (term.subquery)
            checkAllowed(*term.subquery);
    }
    checkAllowedInSubqueries(q.effectiveWhere());
    checkAllowedInSubqueries(q.having);
    if (!q.allowedColumns)
        return;
    QList<ColumnRef> used;
    collectColumns(q, used);
    QStringList aliases;
    for (const SelectTerm &term : q.select) {
        if (term.column && !term.column->alias.isEmpty())
            aliases << term.column->alias;
    }
    for (const OrderTerm &term : q.orderBy) {
        if (term.column &&
            !(term.column->qualifier.isEmpty() && aliases.contains(term.column->name)))
            used << *term.column;
    }
    for (const ColumnRef &ref : used) {
        if (ref.name != u"*" && !q.allowedColumns->contains(ref.name))
            throw Error(QStringLiteral("Unknown column \"%1\"; known columns: %2")
                            .arg(ref.name, q.allowedColumns->join(QStringLiteral(", "))));
    }
}

// A subquery built with allowColumns() keeps its own check when nested.
void checkAllowedInSubqueries(const QList<QueryCondition> &list)
{
    for (const QueryCondition &c : list) {
        if (c.subquery)
            checkAllowed(*c.subquery);
        checkAllowedInSubqueries(c.group);
    }
}

} // namespace

Query::Query() : d(std::make_shared<QueryData>()) {}

Query::Query(const QString &table) : Query()
{
    d->table = parseTable(table);
}

Query::Query(const Query &other) = default;
// A moved-from query stays usable (an empty SELECT), never a null shell.
Query::Query(Query &&other) noexcept : d(other.d) {}
Query &Query::operator=(const Query &other) = default;
Query &Query::operator=(Query &&other) noexcept
{
    d = other.d;
    return *this;
}
Query::~Query() = default;

void Query::detach()
{
    if (d.use_count() > 1)
        d = std::make_shared<QueryData>(*d);
}

Query &Query::table(const QString &table)
{
    detach();
    d->table = parseTable(table);
    return *this;
}

Query &Query::select(const QStringList &columns)
{
    detach();
    for (const QString &column : columns)
        d->select.append({parseColumn(column), {}, {}, false, {}});
    return *this;
}

static void checkAlias(const char *method, const QString &alias)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (!identifier.match(alias).hasMatch())
        throw Error(QStringLiteral("%1: \"%2\" is not a plain identifier")
                        .arg(QLatin1String(method), alias));
}

Query &Query::selectSubquery(const Query &subquery, const QString &alias)
{
    checkAlias("selectSubquery", alias);
    detach();
    SelectTerm term;
    term.subquery = subquery.d;
    term.alias = alias;
    d->select.append(std::move(term));
    return *this;
}

Query &Query::selectCondition(const std::function<void(Query &)> &conditions, const QString &alias)
{
    checkAlias("selectCondition", alias);
    Query group;
    conditions(group);
    detach();
    SelectTerm term;
    term.subquery = group.d;
    term.condition = true;
    term.alias = alias;
    d->select.append(std::move(term));
    return *this;
}

Query &Query::fromRows(const QStringList &columns, const QList<QVariantList> &rows,
                       const QString &alias, const QStringList &casts)
{
    checkAlias("fromRows", alias);
    if (columns.isEmpty() || rows.isEmpty())
        throw Error(QStringLiteral("fromRows: give at least one column and one row"));
    for (const QString &column : columns)
        checkAlias("fromRows", column);
    // A type name from metadata ("numeric(10,2)", "character varying", "_int4"), never input.
    static const QRegularExpression typeName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_ ,()\\[\\]]*$"));
    for (const QString &cast : casts) {
        if (!cast.isEmpty() && !typeName.match(cast).hasMatch())
            throw Error(QStringLiteral("fromRows: \"%1\" is not a type name").arg(cast));
    }
    for (const QVariantList &row : rows) {
        if (row.size() != columns.size())
            throw Error(QStringLiteral("fromRows: a row has %1 values for %2 columns")
                            .arg(row.size())
                            .arg(columns.size()));
    }
    detach();
    d->table = TableRef{QString(), alias};
    d->rowsSource = RowsSource{columns, casts, rows};
    return *this;
}

Query &Query::selectRaw(const QString &sql, const QVariantList &bindings)
{
    detach();
    d->select.append({std::nullopt, SqlExpr(sql, bindings), {}, false, {}});
    return *this;
}

Query &Query::distinct(bool enabled)
{
    detach();
    d->distinct = enabled;
    return *this;
}

Query &Query::addCondition(bool orConnector, const std::function<void(QueryCondition &)> &fill)
{
    detach();
    QueryCondition condition;
    condition.orConnector = orConnector;
    fill(condition);
    d->where.append(std::move(condition));
    return *this;
}

Query &Query::where(const QString &column, const QString &op, const QVariant &value)
{
    const QString normalized = normalizeOperator(op);
    if (!isSqlExpr(value) && (value.isNull() || !value.isValid()) &&
        (normalized == u"=" || normalized == u"<>")) {
        // "= NULL" matches nothing in SQL: comparing with NULL means IS [NOT] NULL.
        return normalized == u"=" ? whereNull(column) : whereNotNull(column);
    }
    const ColumnRef ref = parseColumn(column, false);
    return addCondition(false, [&](QueryCondition &c) {
        c.column = ref;
        if (normalized.endsWith(u"LIKE")) {
            c.kind = QueryCondition::Like;
            c.negate = normalized.startsWith(u"NOT");
            c.caseInsensitive = normalized.endsWith(u"ILIKE");
        } else {
            c.op = normalized;
        }
        c.value = value;
    });
}

Query &Query::where(const QString &column, const QVariant &value)
{
    return where(column, QStringLiteral("="), value);
}

Query &Query::where(const std::function<void(Query &)> &group)
{
    Query inner;
    group(inner);
    return addCondition(false, [&](QueryCondition &c) {
        c.kind = QueryCondition::Group;
        c.group = inner.d->where;
    });
}

Query &Query::whereNot(const std::function<void(Query &)> &group)
{
    where(group);
    d->where.last().negate = true;
    return *this;
}

Query &Query::orWhere(const QString &column, const QString &op, const QVariant &value)
{
    where(column, op, value);
    d->where.last().orConnector = true;
    return *this;
}

Query &Query::orWhere(const QString &column, const QVariant &value)
{
    return orWhere(column, QStringLiteral("="), value);
}

Query &Query::orWhere(const std::function<void(Query &)> &group)
{
    where(group);
    d->where.last().orConnector = true;
    return *this;
}

Query &Query::whereIn(const QString &column, const QVariantList &values)
{
    const ColumnRef ref = parseColumn(column, false);
    return addCondition(false, [&](QueryCondition &c) {
        c.kind = QueryCondition::In;
        c.column = ref;
        c.values = values;
    });
}

Query &Query::whereNotIn(const QString &column, const QVariantList &values)
{
    whereIn(column, values);
    d->where.last().negate = true;
    return *this;
}

Query &Query::orWhereIn(const QString &column, const QVariantList &values)
{
    whereIn(column, values);
    d->where.last().orConnector = true;
    return *this;
}

Query &Query::whereIn(const QString &column, const Query &subquery)
{
    const ColumnRef ref = parseColumn(column, false);
    return addCondition(false, [&](QueryCondition &c) {
        c.kind = QueryCondition::InSubquery;
        c.column = ref;
        c.subquery = subquery.d;
    });
}

Query &Query::whereNotIn(const QString &column, const Query &subquery)
{
    whereIn(column, subquery);
    d->where.last().negate = true;
    return *this;
}

Query &Query::whereSubquery(const QString &column, const QString &op, const Query &subquery)
{
    const QString normalized = op.simplified().toUpper();
    if (normalized == u"IN")
        return whereIn(column, subquery);
    if (normalized == u"NOT IN")
        return whereNotIn(column, subquery);
    const QString comparison = normalizeOperator(op);
    const ColumnRef ref = parseColumn(column, false);
    return addCondition(false, [&](QueryCondition &c) {
        c.kind = QueryCondition::Subquery;
        c.column = ref;
        c.op = comparison;
        c.subquery = subquery.d;
    });
}

Query &Query::whereNull(const QString &column)
{
    const ColumnRef ref = parseColumn(column, false);
    return addCondition(false, [&](QueryCondition &c) {
        c.kind = QueryCondition::Null;
        c.column = ref;
    });
}

Query &Query::whereNotNull(const QString &column)
{
    whereNull(column);
    d->where.last().negate = true;
    return *this;
}

Query &Query::orWhereNull(const QString &column)
{
    whereNull(column);
    d->where.last().orConnector = true;
    return *this;
}

Query &Query::whereBetween(const QString &column, const QVariant &low, const QVariant &high)
{
    const ColumnRef ref = parseColumn(column, false);
    return addCondition(false, [&](QueryCondition &c) {
        c.kind = QueryCondition::Between;
        c.column = ref;
        c.value = low;
        c.high = high;
    });
}

Query &Query::whereNotBetween(const QString &column, const QVariant &low, const QVariant &high)
{
    whereBetween(column, low, high);
    d->where.last().negate = true;
    return *this;
}

Query &Query::whereLike(const QString &column, const QString &pattern)
{
    return where(column, QStringLiteral("LIKE"), pattern);
}

Query &Query::whereILike(const QString &column, const QString &pattern)
{
    return where(column, QStringLiteral("ILIKE"), pattern);
}

Query &Query::whereExists(const Query &subquery)
{
    return addCondition(false, [&](QueryCondition &c) {
        c.kind = QueryCondition::Exists;
        c.subquery = subquery.d;
    });
}

Query &Query::whereNotExists(const Query &subquery)
{
    whereExists(subquery);
    d->where.last().negate = true;
    return *this;
}

Query &Query::whereColumn(const QString &left, const QString &op, const QString &right)
{
    const QString comparison = normalizeOperator(op);
    const ColumnRef l = parseColumn(left, false);
    const ColumnRef r = parseColumn(right, false);
    return addCondition(false, [&](QueryCondition &c) {
        c.kind = QueryCondition::CompareColumn;
        c.column = l;
        c.op = comparison;
        c.otherColumn = r;
    });
}

Query &Query::whereRaw(const QString &sql, const QVariantList &bindings)
{
    return addCondition(false, [&](QueryCondition &c) {
        c.kind = QueryCondition::Raw;
        c.raw = SqlExpr(sql, bindings);
    });
}

Query &Query::orWhereRaw(const QString &sql, const QVariantList &bindings)
{
    whereRaw(sql, bindings);
    d->where.last().orConnector = true;
    return *this;
}

Query &Query::join(const QString &table, const QString &on, JoinType type)
{
    static const QRegularExpression andSplit(QStringLiteral("\\s+AND\\s+"),
                                             QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression term(
        QStringLiteral("^(\\S+)\\s*(=|<>|!=|<=|>=|<|>)\\s*(\\S+)$"));
    JoinClause join;
    join.type = type;
    join.table = parseTable(table);
    for (const QString &part : on.split(andSplit)) {
        const auto m = term.match(part.trimmed());
        if (!m.hasMatch())
            throw Error(
                QStringLiteral("Join condition \"%1\" is not \"table.column = table.column\" "
                               "(several joined with AND)")
                    .arg(on));
        join.on.append({parseColumn(m.captured(1), false), normalizeOperator(m.captured(2)),
                        parseColumn(m.captured(3), false)});
    }
    detach();
    d->joins.append(std::move(join));
    return *this;
}

Query &Query::join(const QString &table, const QString &left, const QString &op,
                   const QString &right, JoinType type)
{
    JoinClause join;
    join.type = type;
    join.table = parseTable(table);
    join.on.append({parseColumn(left, false), normalizeOperator(op), parseColumn(right, false)});
    detach();
    d->joins.append(std::move(join));
    return *this;
}

Query &Query::crossJoin(const QString &table)
{
    JoinClause join;
    join.type = JoinType::Cross;
    join.table = parseTable(table);
    detach();
    d->joins.append(std::move(join));
    return *this;
}

Query &Query::groupBy(const QStringList &columns)
{
    detach();
    for (const QString &column : columns)
        d->groupBy.append(parseColumn(column, false));
    return *this;
}

Query &Query::having(const QString &column, const QString &op, const QVariant &value)
{
    Query inner;
    inner.where(column, op, value);
    detach();
    d->having.append(inner.d->where.first());
    return *this;
}

Query &Query::havingRaw(const QString &sql, const QVariantList &bindings)
{
    Query inner;
    inner.whereRaw(sql, bindings);
    detach();
    d->having.append(inner.d->where.first());
    return *this;
}

Query &Query::orderBy(const QString &column, Order order, Nulls nulls)
{
    ColumnRef ref = parseColumn(column, false);
    if (ref.qualifier.isEmpty() && ref.aggregate.isEmpty())
        ref.alias = ref.name; // may name a select alias; quoted the same either way
    detach();
    d->orderBy.append({ref, {}, order, nulls});
    return *this;
}

Query &Query::orderByRaw(const QString &sql, const QVariantList &bindings)
{
    detach();
    d->orderBy.append({std::nullopt, SqlExpr(sql, bindings), Order::Asc, Nulls::Default});
    return *this;
}

Query &Query::limit(qint64 count)
{
    if (count < 0)
        throw Error(QStringLiteral("limit() needs a count of zero or more, got %1").arg(count));
    detach();
    d->limit = count;
    return *this;
}

Query &Query::offset(qint64 count)
{
    if (count < 0)
        throw Error(QStringLiteral("offset() needs a count of zero or more, got %1").arg(count));
    detach();
    d->offset = count;
    return *this;
}

Query &Query::insert(const Fields &row)
{
    return insert(QList<Fields>{row});
}

Query &Query::insert(const QVariantMap &row)
{
    return insert(toFields(row));
}

Query &Query::insert(const QList<Fields> &rows)
{
    if (rows.isEmpty())
        throw Error(QStringLiteral("insert() needs at least one row"));
    QStringList columns;
    for (const auto &[name, value] : rows.first())
        columns << name;
    if (columns.isEmpty())
        throw Error(QStringLiteral("insert() needs at least one column"));
    QList<QVariantList> values;
    for (qsizetype r = 0; r < rows.size(); ++r) {
        QVariantList row(columns.size());
        if (rows[r].size() != columns.size())
            throw Error(QStringLiteral("insert(): row %1 has %2 columns, the first row %3")
                            .arg(r)
                            .arg(rows[r].size())
                            .arg(columns.size()));
        for (const auto &[name, value] : rows[r]) {
            const qsizetype index = columns.indexOf(name);
            if (index < 0)
                throw Error(QStringLiteral(
                                "insert(): row %1 has column \"%2\", which the first row has not")
                                .arg(r)
                                .arg(name));
            row[index] = value;
        }
        values << row;
    }
    detach();
    d->statement = QueryData::Insert;
    d->writeColumns = columns;
    d->writeRows = values;
    return *this;
}

Query &Query::upsert(const QList<Fields> &rows, const QStringList &conflictColumns,
                     const QStringList &updateColumns)
{
    if (conflictColumns.isEmpty())
        throw Error(
            QStringLiteral("upsert() needs the columns of a unique key to detect conflicts"));
    insert(rows);
    for (const QString &column : updateColumns) {
        if (!d->writeColumns.contains(column))
            throw Error(
                QStringLiteral("upsert(): update column \"%1\" is not among the inserted columns")
                    .arg(column));
    }
    d->statement = QueryData::Upsert;
    d->conflictColumns = conflictColumns;
    d->updateColumns = updateColumns;
    return *this;
}

Query &Query::update(const Fields &values)
{
    if (values.isEmpty())
        throw Error(QStringLiteral("update() needs at least one column"));
    QStringList columns;
    QVariantList row;
    for (const auto &[name, value] : values) {
        if (columns.contains(name))
            throw Error(QStringLiteral("update(): column \"%1\" is set twice").arg(name));
        columns << name;
        row << value;
    }
    detach();
    d->statement = QueryData::Update;
    d->writeColumns = columns;
    d->writeRows = {row};
    return *this;
}

Query &Query::update(const QVariantMap &values)
{
    return update(toFields(values));
}

Query &Query::remove()
{
    detach();
    d->statement = QueryData::Delete;
    return *this;
}

Query &Query::returning(const QStringList &columns)
{
    detach();
    d->returning = columns;
    return *this;
}

Query &Query::allowColumns(const QStringList &columns)
{
    detach();
    d->allowedColumns = columns;
    return *this;
}

Query &Query::scope(const QString &name, const std::function<void(Query &)> &conditions)
{
    detach();
    if (d->allScopesLifted || d->liftedScopes.contains(name))
        return *this;
    Query inner;
    conditions(inner);
    for (NamedScope &existing : d->scopes) {
        if (existing.name == name) {
            existing.conditions = inner.d->where;
            return *this;
        }
    }
    d->scopes.append({name, inner.d->where});
    return *this;
}

Query &Query::withoutScope(const QString &name)
{
    detach();
    d->scopes.removeIf([&](const NamedScope &scope) { return scope.name == name; });
    if (!d->liftedScopes.contains(name))
        d->liftedScopes << name;
    return *this;
}

Query &Query::withoutScopes()
{
    detach();
    d->scopes.clear();
    d->allScopesLifted = true;
    return *this;
}

QStringList Query::scopeNames() const
{
    QStringList names;
    for (const NamedScope &scope : d->scopes)
        names << scope.name;
    return names;
}

QList<QueryCondition> QueryData::effectiveWhere() const
{
    if (scopes.isEmpty())
        return where;
    QList<QueryCondition> out;
    const auto group = [&](const QList<QueryCondition> &conditions) {
        if (conditions.isEmpty())
            return;
        QueryCondition c;
        c.kind = QueryCondition::Group;
        c.group = conditions;
        out << c;
    };
    group(where);
    for (const NamedScope &scope : scopes)
        group(scope.conditions);
    return out;
}

static void collectTables(const QueryData &q, QStringList &out)
{
    const auto add = [&](const QString &table) {
        if (!table.isEmpty() && !out.contains(table))
            out << table;
    };
    add(q.table.name);
    for (const JoinClause &join : q.joins)
        add(join.table.name);
    for (const SelectTerm &term : q.select) {
        if (term.subquery)
            collectTables(*term.subquery, out);
    }
    std::function<void(const QList<QueryCondition> &)> conditions =
        [&](const QList<QueryCondition> &list) {
            for (const QueryCondition &c : list) {
                if (c.subquery)
                    collectTables(*c.subquery, out);
                conditions(c.group);
            }
        };
    conditions(q.effectiveWhere());
    conditions(q.having);
}

static bool conditionsHaveRaw(const QList<QueryCondition> &list)
{
    for (const QueryCondition &c : list) {
        if (c.kind == QueryCondition::Raw || conditionsHaveRaw(c.group))
            return true;
        if (c.subquery &&
            (std::any_of(c.subquery->select.begin(), c.subquery->select.end(),
                         [](const SelectTerm &t) { return !t.column; }) ||
             conditionsHaveRaw(c.subquery->where) || conditionsHaveRaw(c.subquery->having)))
            return true;
        if (isSqlExpr(c.value) || isSqlExpr(c.high))
            return true;
    }
    return false;
}

static bool hasRaw(const QueryData &q)
{
    return std::any_of(
               q.select.begin(), q.select.end(),
               [](const SelectTerm &t) { return t.subquery ? hasRaw(*t.subquery) : !t.column; }) ||
           std::any_of(q.orderBy.begin(), q.orderBy.end(),
                       [](const OrderTerm &t) { return !t.column; }) ||
           conditionsHaveRaw(q.effectiveWhere()) || conditionsHaveRaw(q.having);
}

bool Query::hasRawSql() const
{
    return hasRaw(*d);
}

QStringList Query::tables() const
{
    QStringList out;
    collectTables(*d, out);
    return out;
}

BuiltQuery Query::build(const Dialect &dialect) const
{
    if (d->statement == QueryData::Update || d->statement == QueryData::Delete) {
        // Not portable in a write (and silently ignored would be worse: a DELETE of every row).
        if (d->limit >= 0 || d->offset > 0 || !d->orderBy.isEmpty() || !d->joins.isEmpty() ||
            !d->groupBy.isEmpty() || !d->having.isEmpty() || d->distinct)
            throw Error(QStringLiteral(
                "UPDATE and DELETE take only conditions: limit, offset, orderBy, joins, "
                "groupBy, having and distinct would be ignored; narrow the rows with "
                "where(), or whereIn(key, subquery)"));
    }
    checkAllowed(*d);
    BuiltQuery built;
    QueryRenderer renderer{dialect, built.params};
    built.sql = renderer.write(*d);
    return built;
}

namespace {

// Rows of one INSERT statement: the dialect's preference, below its bind limit.
qsizetype rowsPerInsertStatement(const Dialect &dialect, qsizetype columns)
{
    return std::clamp<qsizetype>(dialect.maxBindParameters() / std::max<qsizetype>(columns, 1), 1,
                                 dialect.insertRowsPerStatement());
}

} // namespace

QueryResult Query::execute(const Database &db) const
{
    // A write runs in a transaction so its event is published in commit order (the commit
    // lock spans COMMIT and the event), like every repository write.
    if (d->statement != QueryData::Select && db.transactionDepth() == 0)
        return db.transaction([&] { return execute(db); });
    ExecOptions options;
    options.publishesOwnEvents = true;
    QueryResult result;
    const qsizetype perStatement = rowsPerInsertStatement(db.dialect(), d->writeColumns.size());
    if ((d->statement == QueryData::Insert || d->statement == QueryData::Upsert) &&
        d->writeRows.size() > perStatement) {
        // A bulk insert larger than one statement: consecutive statements in this transaction.
        // lastInsertId is the last statement's on SQLite (the last row) and the first
        // statement's elsewhere (the first row), as one statement would report it.
        Query part = *this;
        part.detach();
        const bool lastIdIsLastRow = !db.dialect().insertIdIsFirstRow();
        result.rowsAffected = 0;
        for (qsizetype start = 0; start < d->writeRows.size(); start += perStatement) {
            part.d->writeRows = d->writeRows.mid(start, perStatement);
            const BuiltQuery built = part.build(db.dialect());
            QueryResult chunk = db.execute(built.sql, built.params, options);
            if (start == 0) {
                result.columns = chunk.columns;
                result.wrote = chunk.wrote;
            }
            if (start == 0 || lastIdIsLastRow)
                result.lastInsertId = chunk.lastInsertId;
            result.rows += std::move(chunk.rows);
            result.rowsAffected += std::max<qint64>(chunk.rowsAffected, 0);
        }
    } else {
        const BuiltQuery built = build(db.dialect());
        result = db.execute(built.sql, built.params, options);
    }
    if (d->statement != QueryData::Select && result.rowsAffected != 0) {
        // The builder knows the table and columns, not each row: a table event.
        ChangeEvent event;
        event.operation = d->statement == QueryData::Insert   ? ChangeEvent::Insert
                          : d->statement == QueryData::Delete ? ChangeEvent::Delete
                                                              : ChangeEvent::Update;
        event.table = d->table.name;
        event.entity = d->table.name;
        event.changedColumns = d->writeColumns;
        event.rowCount = result.rowsAffected;
        db.publishChange(event);
    }
    return result;
}

QFuture<QueryResult> Query::executeAsync(const Database &db) const
{
    if (d->statement == QueryData::Select) {
        const BuiltQuery built = build(db.dialect());
        return db.executeAsync(built.sql, built.params);
    }
    build(db.dialect()); // a malformed write throws here, in the caller
    return db.run([query = *this, db] { return query.execute(db); });
}

QVariant Query::aggregate(const Database &db, const QString &function, const QString &column) const
{
    if (d->statement != QueryData::Select)
        throw Error(QStringLiteral("%1() counts what a SELECT returns; this query is a write")
                        .arg(function.toLower()));
    const QString expression = function + u'(' + column + QStringLiteral(") AS rexorm_aggregate");
    Query inner = *this;
    inner.detach();
    inner.d->orderBy.clear();
    if (inner.d->groupBy.isEmpty() && !inner.d->distinct && inner.d->limit < 0 &&
        inner.d->offset == 0) {
        inner.d->select.clear();
        inner.select(expression);
        return inner.execute(db).value(0, 0);
    }
    // Grouped, distinct or paged: aggregate over the rows the query returns.
    if (inner.d->select.isEmpty())
        inner.select(QStringLiteral("*"));
    const BuiltQuery built = inner.build(db.dialect());
    const ColumnRef ref = parseColumn(column, false);
    const QString target =
        ref.name == u"*" ? QStringLiteral("*") : db.dialect().quoteIdentifier(ref.name);
    return db
        .execute(QStringLiteral("SELECT %1(%2) AS rexorm_aggregate FROM (%3) AS rexorm_rows")
                     .arg(function, target, built.sql),
                 built.params)
        .value(0, 0);
}

qint64 Query::count(const Database &db, const QString &column) const
{
    return aggregate(db, QStringLiteral("COUNT"), column).toLongLong();
}

QVariant Query::sum(const Database &db, const QString &column) const
{
    return aggregate(db, QStringLiteral("SUM"), column);
}

QVariant Query::avg(const Database &db, const QString &column) const
{
    return aggregate(db, QStringLiteral("AVG"), column);
}

QVariant Query::min(const Database &db, const QString &column) const
{
    return aggregate(db, QStringLiteral("MIN"), column);
}

QVariant Query::max(const Database &db, const QString &column) const
{
    return aggregate(db, QStringLiteral("MAX"), column);
}

void Query::chunk(const Database &db, int size, const QString &keyColumn,
                  const std::function<bool(const QueryResult &)> &onPage) const
{
    if (size < 1)
        throw Error(QStringLiteral("chunk() needs a page size of at least 1, got %1").arg(size));
    if (d->statement != QueryData::Select)
        throw Error(QStringLiteral("chunk() walks a SELECT"));
    const ColumnRef key = parseColumn(keyColumn, false);
    QVariant last;
    for (;;) {
        Query page = *this;
        page.detach();
        page.d->orderBy.clear();
        page.d->offset = 0;
        if (last.isValid()) {
            // The caller's conditions stay one group, so an OR among them cannot escape the seek.
            QList<QueryCondition> conditions = page.d->where;
            page.d->where.clear();
            if (!conditions.isEmpty()) {
                QueryCondition group;
                group.kind = QueryCondition::Group;
                group.group = conditions;
                page.d->where.append(group);
            }
            page.where(keyColumn, QStringLiteral(">"), last);
        }
        page.orderBy(keyColumn).limit(size);
        const QueryResult result = page.execute(db);
        if (result.isEmpty())
            return;
        last = result.value(result.size() - 1, key.name);
        if (!onPage(result) || result.size() < size)
            return;
    }
}

} // namespace RexOrm
