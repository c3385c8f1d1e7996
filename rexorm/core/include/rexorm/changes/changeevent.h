#pragma once

#include <rexorm/global.h>

#include <QtCore/QDateTime>
#include <QtCore/QMetaType>
#include <QtCore/QStringList>
#include <QtCore/QVariantMap>

namespace RexOrm {

// One committed change. A row event names its primary key; a table event (a query-builder or
// raw write that touched rows it did not list) has an empty primaryKey and a rowCount; a raw
// write that named no tables has an empty table too.
struct REXORM_CORE_EXPORT ChangeEvent
{
    enum Operation { Insert, Update, Delete };
    // Where the event comes from: the application's own writes (repositories, the query
    // builder, raw writes), sqlite3's hooks on RexOrm's connections (DatabaseConfig::
    // captureChanges), or triggers installed by `rexorm realtime:install` (any client's writes).
    enum Source { Application, ConnectionHook, Trigger };
    Operation operation = Insert;
    Source source = Application;
    QString entity; // the entity's name, or the table for query-builder writes
    QString table;
    QVariantMap primaryKey;
    QVariantMap newRow; // after the change (insert, update)
    QVariantMap oldRow; // before the change, where known (update, delete)
    QStringList changedColumns;
    qint64 rowCount = 1;
    quint64 sequence = 0; // strictly increasing per Database, in commit order
    QDateTime timestamp;  // UTC, when the change was published

    bool isTableEvent() const { return primaryKey.isEmpty(); }
    // A raw write that named no tables: any table may have changed.
    bool isUnknownWrite() const { return table.isEmpty(); }
    static QString operationName(Operation operation);
};

} // namespace RexOrm

Q_DECLARE_METATYPE(RexOrm::ChangeEvent)
