#include "changelogmodel.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace RexOrm::Admin {

ChangeLogModel::ChangeLogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent), m_capacity(std::max(1, capacity))
{}

void ChangeLogModel::add(const ChangeEvent &event, const QString &entity)
{
    ++m_received;
    if (m_entries.size() >= m_capacity) {
        const int last = int(m_entries.size() - 1);
        beginRemoveRows({}, last, last);
        m_entries.removeLast();
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_entries.prepend({event, entity});
    endInsertRows();
}

void ChangeLogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

int ChangeLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ChangeLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 5;
}

QVariant ChangeLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries.at(index.row());
    const ChangeEvent &event = entry.event;
    if (role == EntityRole)
        return entry.entity;
    if (role == KeyRole)
        return event.primaryKey;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return event.timestamp.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case OperationColumn:
        switch (event.operation) {
        case ChangeEvent::Insert:
            return tr("insert");
        case ChangeEvent::Update:
            return tr("update");
        case ChangeEvent::Delete:
            return tr("delete");
        }
        return {};
    case EntityColumn:
        if (!entry.entity.isEmpty())
            return entry.entity;
        return event.table.isEmpty() ? tr("(any table)") : event.table;
    case KeyColumn:
        if (event.primaryKey.isEmpty())
            return tr("%n row(s)", nullptr, int(event.rowCount));
        return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(event.primaryKey))
                                     .toJson(QJsonDocument::Compact));
    case ColumnsColumn:
        return event.changedColumns.join(QStringLiteral(", "));
    }
    return {};
}

QVariant ChangeLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case OperationColumn:
        return tr("Change");
    case EntityColumn:
        return tr("Entity");
    case KeyColumn:
        return tr("Key");
    case ColumnsColumn:
        return tr("Columns");
    }
    return {};
}

} // namespace RexOrm::Admin
