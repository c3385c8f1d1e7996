#pragma once

#include "editbuffer.h"

#include <rexorm/meta/entityinfo.h>

#include <QtCore/QFuture>

namespace RexOrm::Admin {

class Session;

// What Apply writes: a snapshot of an EditBuffer.
struct ApplyPlan
{
    QString entity;
    QHash<RowKey, EditBuffer::Update> updates;
    QList<EditBuffer::Insert> inserts;
    QHash<RowKey, QJsonObject> deletes;
    // Write rows changed elsewhere since they were read, too (after the user chose to).
    bool overwrite = false;

    static ApplyPlan of(const QString &entity, const EditBuffer &buffer);
};

struct ApplyOutcome
{
    enum Status {
        Applied,   // everything written, committed
        Conflicts, // rows changed (or deleted) elsewhere since they were read; nothing written
        Invalid,   // a row failed validation; nothing written
        Failed,    // the database refused; nothing written
    };
    Status status = Failed;
    QList<RowKey> conflicts;
    QString errorRow;                  // Invalid: the row (a key, or EditBuffer::insertRow(id)) ...
    QMap<QString, QStringList> errors; // ... and its messages by column
    QString message;
    int rowsWritten = 0;
};

// Writes the plan through the entity's repository (validation, plugin hooks, change events) in
// one transaction on an executor thread: every row is first compared with the row as it was
// read, and any difference is a conflict unless plan.overwrite. All or nothing.
QFuture<ApplyOutcome> applyEdits(const Session &session, const ApplyPlan &plan);

// The key column values of a row key, as EntityRepository takes them (a value, or a map for a
// composite key).
QVariant keyValue(const EntityInfo &entity, const RowKey &key);

} // namespace RexOrm::Admin

Q_DECLARE_METATYPE(RexOrm::Admin::ApplyOutcome)
