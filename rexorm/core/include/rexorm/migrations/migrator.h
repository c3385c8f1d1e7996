#pragma once

#include <rexorm/migrations/migration.h>

#include <QtCore/QDateTime>

namespace RexOrm {

// What the tracker table and the sources say about one migration.
struct REXORM_CORE_EXPORT MigrationState
{
    enum Status {
        Pending, // known, not applied
        Applied,
        Partial, // started on a database without transactional DDL and did not finish
        Missing, // recorded as applied, but no source has it any more
    };
    QString name;
    Status status = Pending;
    QString source; // the .up.sql path, or "C++"
    int batch = 0;
    QDateTime appliedAt;
    qint64 durationMs = 0;
    bool changed = false;     // applied, and its source no longer matches the recorded checksum
    int statementsRun = 0;    // Partial: how many statements completed
    QStringList statementLog; // Partial: those statements
    QString error;            // Partial: why it stopped

    static QString statusName(Status status);
};

// Applies and rolls back migrations from SQL files and C++ classes, recorded in the tracker
// table rex_migrations. Each migration runs in its own transaction where DDL is transactional
// (SQLite, PostgreSQL); on MySQL/MariaDB every statement's progress is recorded so a half-applied
// migration shows in status(). One migrator at a time: a PostgreSQL advisory lock, a MySQL named
// lock, SQLite's write lock plus a re-check inside each migration's transaction.
class REXORM_CORE_EXPORT Migrator
{
public:
    struct Options
    {
        bool allowChanged = false; // run even when an applied migration's source changed
        int lockTimeoutMs = 60000; // how long to wait for another migrator
        bool development = false;  // fresh() runs without force
    };

    explicit Migrator(Database db);
    Migrator(Database db, Options options);

    // "<timestamp>_<name>.up.sql" with an optional ".down.sql"; throws MigrationError for a
    // malformed file name, a missing folder or a name given twice.
    void addDirectory(const QString &path);
    void add(const QString &name, std::shared_ptr<Migration> migration);
    void addRegistered(); // everything REXORM_MIGRATION registered
    // The migrations of the models active plugins provide (ModelProvider::migrations(): the
    // auditlog's rex_audit_log, say).
    void addPluginMigrations();

    // Progress lines ("applying 2026..._create_users", "... done in 12 ms").
    void setProgress(std::function<void(const QString &)> progress);

    QStringList names() const; // every known migration, in order
    QList<MigrationState> status() const;
    bool hasPending() const;

    // Each returns the names it applied or rolled back, in the order it did so.
    QStringList up();                          // every pending migration, as one batch
    QStringList upSteps(int steps);            // the next steps pending ones
    QStringList upTo(const QString &target);   // pending ones up to and including target
    QStringList upOne(const QString &name);    // exactly this one
    QStringList rollback();                    // the last batch
    QStringList downSteps(int steps);          // the last steps applied
    QStringList downTo(const QString &target); // everything applied after target
    QStringList downOne(const QString &name);  // exactly this one
    QStringList redo(int steps = 1);           // the last steps rolled back and applied again
    // Drops every table and view, then applies everything. Refused unless force, the database
    // is SQLite in memory, or Options::development is set.
    QStringList fresh(bool force = false);
    // After fixing a Partial migration by hand: record it as applied, or forget it.
    void resolve(const QString &name, bool applied);

    static QString trackerTable();

private:
    struct Source;
    enum class Direction { Up, Down };
    QStringList run(Direction direction, const std::function<QStringList()> &plan);
    void ensureTracker() const;
    QList<MigrationState> readTracker() const;
    const Source &source(const QString &name) const;
    // False when another migrator applied (or rolled back) it first.
    bool applyOne(const Source &source, Direction direction, int batch) const;
    void checkRunnable() const;
    QStringList appliedInOrder() const; // by batch, then name
    void say(const QString &line) const;

    Database m_db;
    Options m_options;
    QMap<QString, std::shared_ptr<Source>> m_sources;
    std::function<void(const QString &)> m_progress;
};

} // namespace RexOrm
