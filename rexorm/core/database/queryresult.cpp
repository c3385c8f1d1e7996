#include <rexorm/database/queryresult.h>
#include <rexorm/error.h>

namespace RexOrm {

int QueryResult::columnIndex(QStringView column) const
{
    for (int i = 0; i < columns.size(); ++i) {
        if (columns[i] == column)
            return i;
    }
    for (int i = 0; i < columns.size(); ++i) {
        if (columns[i].compare(column, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

QVariant QueryResult::value(qsizetype row, int column) const
{
    if (row < 0 || row >= rows.size())
        throw Error(QStringLiteral("Row %1 is out of range (the result has %2 rows)")
                        .arg(row)
                        .arg(rows.size()));
    if (column < 0 || column >= columns.size())
        throw Error(QStringLiteral("Column %1 is out of range (the result has %2 columns)")
                        .arg(column)
                        .arg(columns.size()));
    return rows[row][column];
}

QVariant QueryResult::value(qsizetype row, QStringView column) const
{
    const int index = columnIndex(column);
    if (index < 0)
        throw Error(QStringLiteral("No column \"%1\" in the result (columns: %2)")
                        .arg(column.toString(), columns.join(QStringLiteral(", "))));
    return value(row, index);
}

QVariantMap QueryResult::rowMap(qsizetype row) const
{
    QVariantMap map;
    for (int c = 0; c < columns.size(); ++c)
        map.insert(columns[c], value(row, c));
    return map;
}

QList<QVariantMap> QueryResult::toMaps() const
{
    QList<QVariantMap> maps;
    maps.reserve(rows.size());
    for (qsizetype r = 0; r < rows.size(); ++r)
        maps << rowMap(r);
    return maps;
}

} // namespace RexOrm
