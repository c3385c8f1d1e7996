#pragma once

#include "editbuffer.h"

#include <QtGui/QUndoCommand>

namespace RexOrm::Admin {

// Undoable edits of an EditBuffer; the grid and the form push them on the window's QUndoStack.

// One column of a stored row (key) or of a new row (insertId > 0).
class SetValueCommand : public QUndoCommand
{
public:
    SetValueCommand(EditBuffer *buffer, const RowKey &key, const QJsonObject &original,
                    int insertId, const QString &column, std::optional<QVariant> before,
                    std::optional<QVariant> after, const QString &text);
    void undo() override;
    void redo() override;

private:
    void set(const std::optional<QVariant> &value);
    EditBuffer *m_buffer;
    RowKey m_key;
    QJsonObject m_original;
    int m_insertId;
    QString m_column;
    std::optional<QVariant> m_before;
    std::optional<QVariant> m_after;
};

class InsertRowCommand : public QUndoCommand
{
public:
    InsertRowCommand(EditBuffer *buffer, const QVariantMap &values, const QString &text);
    void undo() override;
    void redo() override;
    int insertId() const { return m_id; }

private:
    EditBuffer *m_buffer;
    QVariantMap m_values;
    int m_id = 0;
};

// Marks stored rows for deletion (or, with deleted false, unmarks them) and drops new rows.
class DeleteRowsCommand : public QUndoCommand
{
public:
    DeleteRowsCommand(EditBuffer *buffer, const QHash<RowKey, QJsonObject> &rows,
                      const QList<int> &insertIds, const QString &text);
    void undo() override;
    void redo() override;

private:
    EditBuffer *m_buffer;
    QHash<RowKey, QJsonObject> m_rows;
    QList<EditBuffer::Insert> m_inserts;
};

} // namespace RexOrm::Admin
