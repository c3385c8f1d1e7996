#pragma once

#include <rexorm/global.h>

#include <QtCore/QList>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtCore/QVariantMap>

namespace RexOrm {

// The rows, affected-row count and generated key of one executed statement, fully read.
class REXORM_CORE_EXPORT QueryResult
{
public:
    QStringList columns;
    QList<QVariantList> rows;
    qint64 rowsAffected = -1;
    // True unless the statement was a plain read (SELECT, VALUES, SHOW, EXPLAIN ... without a
    // write anywhere in it): whatever may have changed data or schema.
    bool wrote = false;
    // Set for INSERTs: the driver's last insert id on SQLite and MySQL/MariaDB, and on
    // PostgreSQL the first column of the first row of an INSERT ... RETURNING.
    QVariant lastInsertId;

    qsizetype size() const { return rows.size(); }
    bool isEmpty() const { return rows.isEmpty(); }
    int columnIndex(QStringView column) const; // -1 if absent; case-insensitive fallback
    // Throws Error for a row out of range or an unknown column.
    QVariant value(qsizetype row, QStringView column) const;
    QVariant value(qsizetype row, int column) const;
    QVariantMap rowMap(qsizetype row) const;
    QList<QVariantMap> toMaps() const;
};

} // namespace RexOrm
