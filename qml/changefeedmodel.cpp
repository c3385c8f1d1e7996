#include "changefeedmodel.h"

namespace RexOrm::Quick {

ChangeFeedModel::ChangeFeedModel(QObject *parent) : QAbstractListModel(parent)
{
    follow(QmlDatabase::instance());
}

QmlDatabase *ChangeFeedModel::database() const
{
    return m_databaseSet ? m_database.data() : QmlDatabase::instance();
}

void ChangeFeedModel::setDatabase(QmlDatabase *database)
{
    if (m_databaseSet && m_database == database)
        return;
    follow(database);
    m_databaseSet = true;
    emit databaseChanged();
}

void ChangeFeedModel::follow(QmlDatabase *database)
{
    if (m_database)
        disconnect(m_database, nullptr, this, nullptr);
    m_database = database;
    if (database)
        connect(database, &QmlDatabase::changeDescribed, this, &ChangeFeedModel::add);
}

void ChangeFeedModel::setCapacity(int capacity)
{
    capacity = std::max(capacity, 1);
    if (m_capacity == capacity)
        return;
    m_capacity = capacity;
    if (m_changes.size() > capacity) {
        beginRemoveRows({}, capacity, int(m_changes.size()) - 1);
        m_changes.resize(capacity);
        endRemoveRows();
        emit countChanged();
    }
    emit capacityChanged();
}

void ChangeFeedModel::add(const QVariantMap &change)
{
    beginInsertRows({}, 0, 0);
    m_changes.prepend(change);
    endInsertRows();
    if (m_changes.size() > m_capacity) {
        beginRemoveRows({}, m_capacity, m_capacity);
        m_changes.removeLast();
        endRemoveRows();
    }
    emit countChanged();
}

void ChangeFeedModel::clear()
{
    if (m_changes.isEmpty())
        return;
    beginRemoveRows({}, 0, int(m_changes.size()) - 1);
    m_changes.clear();
    endRemoveRows();
    emit countChanged();
}

int ChangeFeedModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_changes.size());
}

QVariant ChangeFeedModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QVariantMap &change = m_changes.at(index.row());
    switch (role) {
    case OpRole:
        return change.value(QStringLiteral("op"));
    case EntityRole:
    case Qt::DisplayRole:
        return role == Qt::DisplayRole ? change.value(QStringLiteral("op")).toString() + u' ' +
                                             change.value(QStringLiteral("entity")).toString() +
                                             u' ' + change.value(QStringLiteral("key")).toString()
                                       : change.value(QStringLiteral("entity"));
    case KeyRole:
        return change.value(QStringLiteral("key"));
    case AtRole:
        return change.value(QStringLiteral("at"));
    default:
        return {};
    }
}

QHash<int, QByteArray> ChangeFeedModel::roleNames() const
{
    return {{OpRole, "op"}, {EntityRole, "entity"}, {KeyRole, "key"}, {AtRole, "at"}};
}

} // namespace RexOrm::Quick
