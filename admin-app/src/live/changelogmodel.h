#pragma once

#include <rexorm/changes/changeevent.h>

#include <QtCore/QAbstractTableModel>

namespace RexOrm::Admin {

// The latest committed changes, newest first, at most `capacity` of them.
class ChangeLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, OperationColumn, EntityColumn, KeyColumn, ColumnsColumn };
    enum Role { EntityRole = Qt::UserRole + 1, KeyRole };

    explicit ChangeLogModel(int capacity = 1000, QObject *parent = nullptr);

    void add(const RexOrm::ChangeEvent &event, const QString &entity);
    void clear();
    int capacity() const { return m_capacity; }
    quint64 received() const { return m_received; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        ChangeEvent event;
        QString entity;
    };
    QList<Entry> m_entries; // newest first
    int m_capacity;
    quint64 m_received = 0;
};

} // namespace RexOrm::Admin
