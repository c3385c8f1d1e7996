#pragma once

#include <rexorm/changes/changeevent.h>
#include <rexorm/database/database.h>

#include <QtCore/QObject>

#include <chrono>
#include <memory>

namespace RexOrm {

// How a ChangeListener polls, reconnects and prunes.
struct ChangeListenerOptions
{
    std::chrono::milliseconds pollInterval{50};        // change-log polling
    std::chrono::milliseconds reconnectInterval{1000}; // retries after a lost connection
    // MySQL/MariaDB: an id missing from the change log this long is taken as a rolled-back
    // transaction's, no longer as one that has yet to commit.
    std::chrono::milliseconds lateCommitWindow{30000};
    // SQLite and MySQL/MariaDB: change-log rows older than this are deleted (in bounded
    // batches, every pruneInterval) by the listener; a listener or a resume that falls
    // further behind than the retention sees a gap.
    std::chrono::milliseconds retention{3600 * 1000};
    std::chrono::milliseconds pruneInterval{60 * 1000};
};

// Receives the changes that ChangeLog's triggers record, made by any client of the database, in
// commit order, as ChangeEvents with source Trigger (sequence 0: ChangeFeed numbers them).
// PostgreSQL: LISTEN on a dedicated connection in a thread of its own; a payload over NOTIFY's
// limit carries the key and the row is read back. SQLite: the change-log table, polled when
// PRAGMA data_version moves. MySQL/MariaDB: the change-log table polled every pollInterval, so
// that a transaction that commits after a later one is still seen. The listener reconnects after
// a lost connection or a server restart and then emits gap(): events may have been missed.
// The tables are read when start() runs: install on more tables, then restart the listener.
class REXORM_CORE_EXPORT ChangeListener : public QObject
{
    Q_OBJECT

public:
    using Options = ChangeListenerOptions;

    explicit ChangeListener(Database database, Options options = {}, QObject *parent = nullptr);
    ~ChangeListener() override; // stops the thread

    // Reads the installed tables and starts listening; false (errorString()) on failure.
    bool start();
    void stop();
    QString errorString() const;
    // The tables whose changes this listener delivers (those with triggers installed).
    QStringList tables() const;
    bool isConnected() const;

signals:
    void changed(const RexOrm::ChangeEvent &event);
    void gap(const QString &reason);
    void connectedChanged(bool connected);

private:
    std::unique_ptr<class ChangeListenerPrivate> d;
};

} // namespace RexOrm
