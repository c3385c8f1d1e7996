#include "editcommands.h"

namespace RexOrm::Admin {

SetValueCommand::SetValueCommand(EditBuffer *buffer, const RowKey &key, const QJsonObject &original,
                                 int insertId, const QString &column,
                                 std::optional<QVariant> before, std::optional<QVariant> after,
                                 const QString &text)
    : QUndoCommand(text), m_buffer(buffer), m_key(key), m_original(original), m_insertId(insertId),
      m_column(column), m_before(std::move(before)), m_after(std::move(after))
{}

void SetValueCommand::set(const std::optional<QVariant> &value)
{
    if (m_insertId > 0)
        m_buffer->setInsertValue(m_insertId, m_column, value);
    else
        m_buffer->setValue(m_key, m_original, m_column, value);
}

void SetValueCommand::undo()
{
    set(m_before);
}

void SetValueCommand::redo()
{
    set(m_after);
}

InsertRowCommand::InsertRowCommand(EditBuffer *buffer, const QVariantMap &values,
                                   const QString &text)
    : QUndoCommand(text), m_buffer(buffer), m_values(values)
{}

void InsertRowCommand::undo()
{
    if (const EditBuffer::Insert *insert = m_buffer->insert(m_id))
        m_values = insert->values; // edits made to the new row since come back on redo
    m_buffer->removeInsert(m_id);
}

void InsertRowCommand::redo()
{
    m_id = m_buffer->addInsert(m_values, m_id);
}

DeleteRowsCommand::DeleteRowsCommand(EditBuffer *buffer, const QHash<RowKey, QJsonObject> &rows,
                                     const QList<int> &insertIds, const QString &text)
    : QUndoCommand(text), m_buffer(buffer), m_rows(rows)
{
    for (int id : insertIds) {
        if (const EditBuffer::Insert *insert = buffer->insert(id))
            m_inserts.append(*insert);
    }
}

void DeleteRowsCommand::undo()
{
    m_buffer->setDeleted(m_rows, false);
    for (const EditBuffer::Insert &insert : std::as_const(m_inserts))
        m_buffer->addInsert(insert.values, insert.id);
}

void DeleteRowsCommand::redo()
{
    m_buffer->setDeleted(m_rows, true);
    for (const EditBuffer::Insert &insert : std::as_const(m_inserts))
        m_buffer->removeInsert(insert.id);
}

} // namespace RexOrm::Admin
