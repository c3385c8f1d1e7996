#pragma once

#include "changelog_p.h"

#include <rexorm/changes/changelistener.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QJsonObject>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlDriver>
#include <QtSql/QSqlQuery>

#include <map>
#include <set>

namespace RexOrm {

// Lives in the listener's thread and owns its dedicated connection: LISTEN on PostgreSQL, the
// change-log polling on SQLite and MySQL/MariaDB.
class ChangeListenerWorker : public QObject
{
    Q_OBJECT

public:
    ChangeListenerWorker(Database database, ChangeListener::Options options,
                         QHash<QString, EntityInfo> entities);
    ~ChangeListenerWorker() override;

    bool open(QString *error); // in the worker's thread
    void shutdown();           // in the worker's thread; deletes the worker later

signals:
    void changed(const RexOrm::ChangeEvent &event);
    void gap(const QString &reason);
    void connectedChanged(bool connected);

private:
    using Engine = ChangeLogPrivate::Engine;

    struct LogRow
    {
        qint64 id = 0;
        QString table;
        QString op;
        QJsonObject newRow;
        QJsonObject oldRow;
    };

    bool connectDatabase(QString *error);
    void disconnectDatabase();
    void setConnected(bool connected);
    void tick();
    void reconnect();
    bool resume(QString *error); // after (re)connecting: subscribe, or find where the log stands
    QSqlQuery exec(const QString &sql, const QVariantList &params = {});
    bool connectionLost(const QSqlQuery &query) const;

    void onNotification(const QString &name, QSqlDriver::NotificationSource source,
                        const QVariant &payload);
    void pollSqlite();
    void pollMysql();
    QList<LogRow> readLog(const QString &where, const QVariantList &params);
    void deliver(const LogRow &row);
    void prune();

    const EntityInfo *entityFor(const QString &table, const QJsonObject &sample);
    ChangeEvent makeEvent(const QString &table, const QString &op, const QJsonObject &newRow,
                          const QJsonObject &oldRow);
    std::optional<QVariantMap> readRow(const QString &table, const QVariantMap &key);

    Database m_database;
    ChangeListener::Options m_options;
    Engine m_engine;
    QString m_connectionName;
    QSqlDatabase m_connection;
    bool m_connected = false;
    bool m_everConnected = false;
    QHash<QString, EntityInfo> m_entities; // inspected, by table
    QTimer *m_timer = nullptr;
    QElapsedTimer m_sincePrune;
    QElapsedTimer m_sincePing;

    // SQLite: the last id read and the file's data version.
    qint64 m_lastId = 0;
    qint64 m_dataVersion = -1;
    // MySQL/MariaDB: every id up to m_watermark is delivered or given up; m_seen holds the
    // delivered ids above it, m_missingSince when each hole below m_maxSeen was first noticed.
    qint64 m_watermark = 0;
    qint64 m_maxSeen = 0;
    std::set<qint64> m_seen;
    std::map<qint64, QElapsedTimer> m_missingSince;
};

} // namespace RexOrm
