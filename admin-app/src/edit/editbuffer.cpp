#include "editbuffer.h"

#include <QtCore/QSet>

namespace RexOrm::Admin {

EditBuffer::EditBuffer(QObject *parent) : QObject(parent) {}

bool EditBuffer::isEmpty() const
{
    return m_updates.isEmpty() && m_inserts.isEmpty() && m_deletes.isEmpty();
}

int EditBuffer::rowCount() const
{
    QSet<RowKey> keys(m_deletes.keyBegin(), m_deletes.keyEnd());
    for (auto it = m_updates.keyBegin(); it != m_updates.keyEnd(); ++it)
        keys.insert(*it);
    return int(keys.size() + m_inserts.size());
}

void EditBuffer::clear()
{
    m_updates.clear();
    m_inserts.clear();
    m_deletes.clear();
    m_errors.clear();
    m_conflicts.clear();
    emit changed();
}

std::optional<QVariant> EditBuffer::value(const RowKey &key, const QString &column) const
{
    const auto it = m_updates.constFind(key);
    if (it == m_updates.constEnd() || !it->values.contains(column))
        return std::nullopt;
    return it->values.value(column);
}

void EditBuffer::setValue(const RowKey &key, const QJsonObject &original, const QString &column,
                          const std::optional<QVariant> &value)
{
    if (value) {
        Update &update = m_updates[key];
        if (update.values.isEmpty())
            update.original = original;
        update.values.insert(column, *value);
    } else if (auto it = m_updates.find(key); it != m_updates.end()) {
        it->values.remove(column);
        if (it->values.isEmpty()) {
            m_updates.erase(it);
            if (!m_deletes.contains(key))
                m_conflicts.remove(key);
        }
    }
    if (auto errors = m_errors.find(key); errors != m_errors.end()) {
        errors->remove(column);
        if (errors->isEmpty())
            m_errors.erase(errors);
    }
    emit changed();
}

void EditBuffer::dropRow(const RowKey &key)
{
    m_updates.remove(key);
    m_deletes.remove(key);
    m_errors.remove(key);
    m_conflicts.remove(key);
    emit changed();
}

int EditBuffer::addInsert(const QVariantMap &values, int id)
{
    if (id <= 0)
        id = m_nextInsertId++;
    else
        m_nextInsertId = std::max(m_nextInsertId, id + 1);
    m_inserts.append({id, values});
    emit changed();
    return id;
}

void EditBuffer::removeInsert(int id)
{
    m_inserts.removeIf([id](const Insert &insert) { return insert.id == id; });
    m_errors.remove(insertRow(id));
    emit changed();
}

void EditBuffer::setInsertValue(int id, const QString &column, const std::optional<QVariant> &value)
{
    for (Insert &insert : m_inserts) {
        if (insert.id != id)
            continue;
        if (value)
            insert.values.insert(column, *value);
        else
            insert.values.remove(column);
    }
    if (auto errors = m_errors.find(insertRow(id)); errors != m_errors.end())
        errors->remove(column);
    emit changed();
}

const EditBuffer::Insert *EditBuffer::insert(int id) const
{
    for (const Insert &insert : m_inserts) {
        if (insert.id == id)
            return &insert;
    }
    return nullptr;
}

void EditBuffer::setDeleted(const RowKey &key, const QJsonObject &original, bool deleted)
{
    if (deleted)
        m_deletes.insert(key, original);
    else
        m_deletes.remove(key);
    if (!touches(key))
        m_conflicts.remove(key);
    emit changed();
}

void EditBuffer::setDeleted(const QHash<RowKey, QJsonObject> &rows, bool deleted)
{
    for (auto it = rows.constBegin(); it != rows.constEnd(); ++it) {
        if (deleted)
            m_deletes.insert(it.key(), it.value());
        else
            m_deletes.remove(it.key());
        if (!touches(it.key()))
            m_conflicts.remove(it.key());
    }
    emit changed();
}

void EditBuffer::setErrors(const QString &row, const QMap<QString, QStringList> &errors)
{
    if (errors.isEmpty())
        m_errors.remove(row);
    else
        m_errors.insert(row, errors);
    emit changed();
}

void EditBuffer::setColumnErrors(const QString &row, const QString &column,
                                 const QStringList &errors)
{
    QMap<QString, QStringList> all = m_errors.value(row);
    if (errors.isEmpty())
        all.remove(column);
    else
        all.insert(column, errors);
    setErrors(row, all);
}

QStringList EditBuffer::errors(const QString &row, const QString &column) const
{
    return m_errors.value(row).value(column);
}

bool EditBuffer::hasErrors() const
{
    return !m_errors.isEmpty();
}

void EditBuffer::setConflict(const RowKey &key, bool conflict)
{
    if (conflict)
        m_conflicts.insert(key);
    else
        m_conflicts.remove(key);
    emit changed();
}

} // namespace RexOrm::Admin
