#pragma once

#include "qmldatabase.h"

#include <QtCore/QAbstractListModel>
#include <QtCore/QPointer>
#include <QtQml/QQmlEngine>

namespace RexOrm::Quick {

// The latest committed changes of a database, newest first: roles op ("insert", "update",
// "delete"), entity, key (JSON text) and at (the commit's time). For change feed panels.
class ChangeFeedModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(
        RexOrm::Quick::QmlDatabase *database READ database WRITE setDatabase NOTIFY databaseChanged)
    Q_PROPERTY(int capacity READ capacity WRITE setCapacity NOTIFY capacityChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role { OpRole = Qt::UserRole, EntityRole, KeyRole, AtRole };

    explicit ChangeFeedModel(QObject *parent = nullptr);

    QmlDatabase *database() const;
    void setDatabase(QmlDatabase *database); // default: the Database singleton
    int capacity() const { return m_capacity; }
    void setCapacity(int capacity); // changes kept (default 200)

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    Q_INVOKABLE void clear();

signals:
    void databaseChanged();
    void capacityChanged();
    void countChanged();

private:
    void follow(QmlDatabase *database);
    void add(const QVariantMap &change);

    QPointer<QmlDatabase> m_database;
    bool m_databaseSet = false;
    QList<QVariantMap> m_changes;
    int m_capacity = 200;
};

} // namespace RexOrm::Quick
