#include <rexorm/meta/schemainspector.h>
#include <rexorm/migrations/migrator.h>
#include <rexorm/plugins/plugin.h>
#include <rexorm/plugins/pluginmanager.h>
#include <rexorm/query/query.h>

#include "../database/logging_p.h"
#include "../database/sqlstatement_p.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QRegularExpression>
#include <QtCore/QThread>

#include <mutex>

namespace RexOrm {

namespace {

const QRegularExpression &namePattern()
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{8,})_(\\w+)$"));
    return pattern;
}

std::mutex &registryMutex()
{
    static std::mutex mutex;
    return mutex;
}

QMap<QString, MigrationRegistry::Factory> &registry()
{
    static QMap<QString, MigrationRegistry::Factory> map;
    return map;
}

QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw MigrationError(
            QStringLiteral("Cannot read migration file %1: %2").arg(path, file.errorString()));
    return QString::fromUtf8(file.readAll());
}

// Holds the database-wide migration lock of PostgreSQL (advisory) and MySQL (GET_LOCK) on the
// calling thread's connection. SQLite serialises through its write lock instead.
class MigrationLock
{
public:
    MigrationLock(const Database &db, int timeoutMs) : m_db(db)
    {
        const QString driver = db.dialect().qtDriverName();
        if (driver == u"QPSQL") {
            QElapsedTimer waited;
            waited.start();
            while (!db.execute(QStringLiteral("SELECT pg_try_advisory_lock(?)"), {lockKey})
                        .value(0, 0)
                        .toBool()) {
                if (waited.elapsed() >= timeoutMs)
                    throw busy(timeoutMs);
                QThread::msleep(100);
            }
            m_held = Postgres;
        } else if (driver == u"QMYSQL") {
            const QVariant got =
                db.execute(QStringLiteral("SELECT GET_LOCK(%1, ?)").arg(mysqlLockName()),
                           {std::max(0, (timeoutMs + 999) / 1000)})
                    .value(0, 0);
            if (got.toInt() != 1)
                throw busy(timeoutMs);
            m_held = Mysql;
        }
    }
    ~MigrationLock()
    {
        try {
            if (m_held == Postgres)
                m_db.execute(QStringLiteral("SELECT pg_advisory_unlock(?)"), {lockKey});
            else if (m_held == Mysql)
                m_db.execute(QStringLiteral("SELECT RELEASE_LOCK(%1)").arg(mysqlLockName()));
        } catch (const Error &error) {
            qCWarning(lcMigrate, "could not release the migration lock: %s", error.what());
        }
    }
    MigrationLock(const MigrationLock &) = delete;
    MigrationLock &operator=(const MigrationLock &) = delete;

private:
    static constexpr qint64 lockKey = 0x7265786f726d; // "rexorm"; advisory locks are per database
    // MySQL's named locks are server-wide: the name carries the database's, hashed to fit 64.
    static QString mysqlLockName()
    {
        return QStringLiteral("CONCAT('rexorm_migrate_', MD5(DATABASE()))");
    }
    MigrationError busy(int timeoutMs) const
    {
        return MigrationError(
            QStringLiteral("Another migrator is running on this %1 database: its migration lock "
                           "was not released within %2 ms. Wait for it to finish, or raise the "
                           "lock timeout.")
                .arg(m_db.dialect().displayName())
                .arg(timeoutMs));
    }
    enum { None, Postgres, Mysql } m_held = None;
    Database m_db;
};

} // namespace

Migration::~Migration() = default;

void checkMigrationName(const QString &name)
{
    if (!namePattern().match(name).hasMatch())
        throw MigrationError(QStringLiteral("Migration name \"%1\" must be <timestamp>_<name>: at "
                                            "least 8 digits, '_', then letters, digits or '_' "
                                            "(20260101120000_create_users)")
                                 .arg(name));
}

void MigrationRegistry::add(const QString &name, Factory factory)
{
    checkMigrationName(name);
    std::lock_guard lock(registryMutex());
    if (registry().contains(name))
        throw MigrationError(QStringLiteral("Migration %1 is registered twice").arg(name));
    registry().insert(name, std::move(factory));
}

QMap<QString, MigrationRegistry::Factory> MigrationRegistry::all()
{
    std::lock_guard lock(registryMutex());
    return registry();
}

QString MigrationState::statusName(Status status)
{
    switch (status) {
    case Pending:
        return QStringLiteral("pending");
    case Applied:
        return QStringLiteral("applied");
    case Partial:
        return QStringLiteral("partial");
    case Missing:
        return QStringLiteral("missing");
    }
    return {};
}

struct Migrator::Source
{
    QString name;
    QString upPath;
    QString downPath;
    std::shared_ptr<Migration> migration;

    QString describe() const { return migration ? QStringLiteral("C++") : upPath; }

    QString checksum() const
    {
        if (migration)
            return migration->checksum();
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(readText(upPath).toUtf8());
        hash.addData(QByteArrayView("\n-- down --\n"));
        if (!downPath.isEmpty())
            hash.addData(readText(downPath).toUtf8());
        return QString::fromLatin1(hash.result().toHex());
    }

    void run(Schema &schema, Direction direction) const
    {
        if (migration) {
            if (direction == Direction::Up)
                migration->up(schema);
            else
                migration->down(schema);
            return;
        }
        if (direction == Direction::Down && downPath.isEmpty())
            throw MigrationError(
                QStringLiteral("Migration %1 has no %1.down.sql, so it cannot be rolled back")
                    .arg(name));
        const QString path = direction == Direction::Up ? upPath : downPath;
        const QStringList statements =
            splitStatements(readText(path), schema.database().dialect().sqlSyntax());
        for (const QString &statement : statements)
            schema.execute(statement);
    }
};

Migrator::Migrator(Database db) : Migrator(std::move(db), Options()) {}

Migrator::Migrator(Database db, Options options) : m_db(std::move(db)), m_options(options) {}

QString Migrator::trackerTable()
{
    return QStringLiteral("rex_migrations");
}

void Migrator::setProgress(std::function<void(const QString &)> progress)
{
    m_progress = std::move(progress);
}

void Migrator::say(const QString &line) const
{
    qCInfo(lcMigrate, "%s", qPrintable(line));
    if (m_progress)
        m_progress(line);
}

void Migrator::addDirectory(const QString &path)
{
    const QDir dir(path);
    if (!dir.exists())
        throw MigrationError(QStringLiteral("Migration folder %1 does not exist").arg(path));
    // <name>.up.sql for every database, or <name>.<dialect>.up.sql for one.
    static const QRegularExpression fileName(
        QStringLiteral("^(.+?)(?:\\.(sqlite|postgres|mysql|mariadb))?\\.(up|down)\\.sql$"));
    struct Files
    {
        QMap<QString, QString> up; // dialect ("" for any) -> path
        QMap<QString, QString> down;
    };
    QMap<QString, Files> found;
    for (const QFileInfo &file : dir.entryInfoList({QStringLiteral("*.sql")}, QDir::Files)) {
        const auto match = fileName.match(file.fileName());
        if (!match.hasMatch())
            throw MigrationError(QStringLiteral("%1: a migration file is named "
                                                "<timestamp>_<name>[.<dialect>].up.sql or "
                                                ".down.sql")
                                     .arg(file.filePath()));
        const QString name = match.captured(1);
        checkMigrationName(name);
        Files &files = found[name];
        (match.captured(3) == u"up" ? files.up : files.down)
            .insert(match.captured(2), file.filePath());
    }
    const QString dialect = m_db.dialect().name();
    const QStringList preference = dialect == u"mariadb"
                                       ? QStringList{dialect, QStringLiteral("mysql"), QString()}
                                       : QStringList{dialect, QString()};
    for (auto it = found.begin(); it != found.end(); ++it) {
        const QString &name = it.key();
        auto source = std::make_shared<Source>();
        source->name = name;
        for (const QString &variant : preference) {
            if (source->upPath.isEmpty())
                source->upPath = it->up.value(variant);
            if (source->downPath.isEmpty())
                source->downPath = it->down.value(variant);
        }
        if (source->upPath.isEmpty()) {
            if (it->up.isEmpty())
                throw MigrationError(
                    QStringLiteral("%1 has no matching %2.up.sql").arg(it->down.first(), name));
            throw MigrationError(QStringLiteral("Migration %1 has no .up.sql for %2 (only for: %3)")
                                     .arg(name, m_db.dialect().displayName(),
                                          it->up.keys().join(QStringLiteral(", "))));
        }
        if (m_sources.contains(name))
            throw MigrationError(QStringLiteral("Migration %1 is defined twice (%2 and %3)")
                                     .arg(name, m_sources.value(name)->describe(), source->upPath));
        m_sources.insert(name, source);
    }
}

void Migrator::add(const QString &name, std::shared_ptr<Migration> migration)
{
    checkMigrationName(name);
    if (!migration)
        throw MigrationError(QStringLiteral("Migration %1 is null").arg(name));
    if (m_sources.contains(name))
        throw MigrationError(QStringLiteral("Migration %1 is defined twice (%2 and C++)")
                                 .arg(name, m_sources.value(name)->describe()));
    auto source = std::make_shared<Source>();
    source->name = name;
    source->migration = std::move(migration);
    m_sources.insert(name, source);
}

void Migrator::addRegistered()
{
    const auto all = MigrationRegistry::all();
    for (auto it = all.begin(); it != all.end(); ++it)
        add(it.key(), std::shared_ptr<Migration>(it.value()()));
}

void Migrator::addPluginMigrations()
{
    for (ModelProvider *provider : PluginManager::global().extensions<ModelProvider>()) {
        for (const auto &[name, migration] : provider->migrations())
            add(name, migration);
    }
}

QStringList Migrator::names() const
{
    return m_sources.keys();
}

const Migrator::Source &Migrator::source(const QString &name) const
{
    const auto it = m_sources.find(name);
    if (it == m_sources.end())
        throw MigrationError(QStringLiteral("Unknown migration %1 (known: %2)")
                                 .arg(name, m_sources.isEmpty()
                                                ? QStringLiteral("none")
                                                : m_sources.keys().join(QStringLiteral(", "))));
    return **it;
}

void Migrator::ensureTracker() const
{
    Schema schema(m_db);
    if (schema.hasTable(trackerTable()))
        return;
    try {
        schema.create(trackerTable(), [](Blueprint &t) {
            t.id();
            t.string(QStringLiteral("name"), 255).notNull().unique();
            t.string(QStringLiteral("checksum"), 64);
            t.integer(QStringLiteral("batch")).notNull();
            t.dateTimeTz(QStringLiteral("applied_at"));
            t.bigInteger(QStringLiteral("duration_ms"));
            t.string(QStringLiteral("state"), 16).notNull().defaultValue(QStringLiteral("applied"));
            t.integer(QStringLiteral("statements_run")).notNull().defaultValue(0);
            t.text(QStringLiteral("statement_log"));
            t.text(QStringLiteral("error"));
        });
    } catch (const DatabaseError &) {
        if (!schema.hasTable(trackerTable())) // not created meanwhile by another migrator
            throw;
    }
}

QList<MigrationState> Migrator::readTracker() const
{
    QList<MigrationState> states;
    if (!Schema(m_db).hasTable(trackerTable()))
        return states;
    const QueryResult rows = Query(trackerTable()).orderBy(QStringLiteral("name")).execute(m_db);
    for (qsizetype i = 0; i < rows.size(); ++i) {
        MigrationState state;
        state.name = rows.value(i, u"name").toString();
        state.status = rows.value(i, u"state").toString() == u"applied" ? MigrationState::Applied
                                                                        : MigrationState::Partial;
        state.batch = rows.value(i, u"batch").toInt();
        state.appliedAt = rows.value(i, u"applied_at").toDateTime();
        state.durationMs = rows.value(i, u"duration_ms").toLongLong();
        state.statementsRun = rows.value(i, u"statements_run").toInt();
        const QString log = rows.value(i, u"statement_log").toString();
        if (!log.isEmpty())
            state.statementLog = log.split(QStringLiteral("\n;\n"));
        state.error = rows.value(i, u"error").toString();
        state.source = rows.value(i, u"checksum").toString(); // compared below, then replaced
        states << state;
    }
    return states;
}

QList<MigrationState> Migrator::status() const
{
    QMap<QString, MigrationState> byName;
    for (MigrationState state : readTracker()) {
        const QString recorded = state.source;
        const auto it = m_sources.find(state.name);
        if (it == m_sources.end()) {
            state.source.clear();
            if (state.status == MigrationState::Applied)
                state.status = MigrationState::Missing;
        } else {
            state.source = (*it)->describe();
            const QString current = (*it)->checksum();
            state.changed = !recorded.isEmpty() && !current.isEmpty() && recorded != current;
        }
        byName.insert(state.name, state);
    }
    for (const auto &source : m_sources) {
        if (byName.contains(source->name))
            continue;
        MigrationState state;
        state.name = source->name;
        state.source = source->describe();
        byName.insert(state.name, state);
    }
    return byName.values();
}

bool Migrator::hasPending() const
{
    for (const MigrationState &state : status()) {
        if (state.status == MigrationState::Pending)
            return true;
    }
    return false;
}

QStringList Migrator::appliedInOrder() const
{
    QList<MigrationState> applied;
    for (const MigrationState &state : readTracker()) {
        if (state.status == MigrationState::Applied)
            applied << state;
    }
    std::sort(applied.begin(), applied.end(), [](const auto &a, const auto &b) {
        return a.batch != b.batch ? a.batch < b.batch : a.name < b.name;
    });
    QStringList names;
    for (const MigrationState &state : applied)
        names << state.name;
    return names;
}

void Migrator::checkRunnable() const
{
    for (const MigrationState &state : status()) {
        if (state.status == MigrationState::Partial)
            throw MigrationError(
                QStringLiteral(
                    "Migration %1 is half-applied: %2 statement(s) ran before it failed (%3). "
                    "%4 does not roll back DDL. Finish or undo those statements by hand, then "
                    "run `rexorm migrate resolve %1 --applied` or `--rolled-back`.")
                    .arg(state.name)
                    .arg(state.statementsRun)
                    .arg(state.error, m_db.dialect().displayName()));
        if (state.changed && !m_options.allowChanged)
            throw MigrationError(
                QStringLiteral("Migration %1 was changed after it was applied (%2 no longer "
                               "matches its recorded checksum). Restore it and put the change in a "
                               "new migration, or allow changed migrations (--allow-changed).")
                    .arg(state.name, state.source));
    }
}

QStringList Migrator::run(Direction direction, const std::function<QStringList()> &plan)
{
    QStringList done;
    m_db.withConnection([&](QSqlDatabase &) {
        MigrationLock lock(m_db, m_options.lockTimeoutMs);
        ensureTracker();
        if (direction == Direction::Up)
            checkRunnable();
        const QStringList names = plan();
        for (const QString &name : names)
            source(name); // every source known before the first migration runs
        if (names.isEmpty()) {
            say(direction == Direction::Up ? QStringLiteral("Nothing to migrate.")
                                           : QStringLiteral("Nothing to roll back."));
            return;
        }
        int batch = 0;
        for (const MigrationState &state : readTracker())
            batch = std::max(batch, state.batch);
        ++batch;
        for (const QString &name : names) {
            const Source &migration = source(name);
            say(QStringLiteral("%1 %2 ...")
                    .arg(direction == Direction::Up ? QStringLiteral("Applying")
                                                    : QStringLiteral("Rolling back"),
                         name));
            QElapsedTimer timer;
            timer.start();
            if (!applyOne(migration, direction, batch))
                continue; // another migrator did it meanwhile
            say(QStringLiteral("  done in %1 ms").arg(timer.elapsed()));
            done << name;
        }
    });
    return done;
}

bool Migrator::applyOne(const Source &migration, Direction direction, int batch) const
{
    QElapsedTimer timer;
    timer.start();
    const QString checksum = migration.checksum();
    // Applying writes the whole row; rolling back keeps its batch, time and checksum.
    const auto record = [&](const QString &state, int statements, const QStringList &log,
                            const QString &error) {
        Fields values = {{QStringLiteral("state"), state},
                         {QStringLiteral("statements_run"), statements},
                         {QStringLiteral("statement_log"),
                          log.isEmpty() ? QVariant() : QVariant(log.join(u"\n;\n"))},
                         {QStringLiteral("error"), error.isEmpty() ? QVariant() : error}};
        if (direction == Direction::Up)
            values += Fields{{QStringLiteral("checksum"), checksum},
                             {QStringLiteral("batch"), batch},
                             {QStringLiteral("applied_at"), QDateTime::currentDateTimeUtc()},
                             {QStringLiteral("duration_ms"), timer.elapsed()}};
        if (Query(trackerTable()).where(QStringLiteral("name"), migration.name).count(m_db) == 0) {
            Fields insert = values;
            insert.prepend({QStringLiteral("name"), migration.name});
            Query(trackerTable()).insert(insert).execute(m_db);
        } else {
            Query(trackerTable())
                .update(values)
                .where(QStringLiteral("name"), migration.name)
                .execute(m_db);
        }
    };
    const auto forget = [&] {
        Query(trackerTable()).remove().where(QStringLiteral("name"), migration.name).execute(m_db);
    };
    const auto isApplied = [&] {
        return Query(trackerTable())
                   .where(QStringLiteral("name"), migration.name)
                   .where(QStringLiteral("state"), QStringLiteral("applied"))
                   .count(m_db) > 0;
    };

    Schema schema(m_db);
    if (!m_db.dialect().ddlCommitsTransaction()) {
        // SQLite and PostgreSQL: the migration and its tracker row commit together or not at all.
        ForeignKeysOff foreignKeysOff(m_db);
        return m_db.transaction([&] {
            // Another migrator may have got here first (SQLite has no session lock).
            if (isApplied() == (direction == Direction::Up)) {
                say(QStringLiteral("  %1 was already %2 by another migrator")
                        .arg(migration.name, direction == Direction::Up
                                                 ? QStringLiteral("applied")
                                                 : QStringLiteral("rolled back")));
                return false;
            }
            migration.run(schema, direction);
            foreignKeysOff.check();
            if (direction == Direction::Up)
                record(QStringLiteral("applied"), 0, {}, {});
            else
                forget();
            return true;
        });
    }

    // MySQL/MariaDB commit each DDL statement at once: record progress statement by statement,
    // counting a statement once it has succeeded.
    QStringList started;
    schema.setStatementObserver([&](const QString &sql) {
        const int done = schema.completedStatements();
        record(QStringLiteral("running"), done, started.mid(0, done), {});
        started << sql;
    });
    try {
        migration.run(schema, direction);
    } catch (const Error &error) {
        const int done = schema.completedStatements();
        if (done == 0) {
            // Nothing ran: an applied migration stays applied, a pending one pending.
            if (direction == Direction::Up)
                forget();
            else if (!started.isEmpty())
                record(QStringLiteral("applied"), 0, {}, {});
            throw;
        }
        const QStringList ran = started.mid(0, done);
        record(QStringLiteral("failed"), done, ran,
               (direction == Direction::Up ? QString() : QStringLiteral("rolling back: ")) +
                   error.message());
        throw MigrationError(
            QStringLiteral("Migration %1 failed after %2 statement(s) had run; %3 does not roll "
                           "back DDL, so they stay applied: %4. The error: %5. `rexorm migrate "
                           "status` shows it as partial; finish or undo those statements by hand, "
                           "then run `rexorm migrate resolve %1 --applied` or `--rolled-back`.")
                .arg(migration.name)
                .arg(done)
                .arg(m_db.dialect().displayName(), ran.join(QStringLiteral("; ")),
                     error.message()));
    }
    if (direction == Direction::Up)
        record(QStringLiteral("applied"), schema.completedStatements(), {}, {});
    else
        forget();
    return true;
}

QStringList Migrator::up()
{
    return run(Direction::Up, [this] {
        QStringList pending;
        for (const MigrationState &state : status()) {
            if (state.status == MigrationState::Pending)
                pending << state.name;
        }
        return pending;
    });
}

QStringList Migrator::upSteps(int steps)
{
    if (steps < 1)
        throw MigrationError(QStringLiteral("--step needs a count of at least 1"));
    return run(Direction::Up, [this, steps] {
        QStringList pending;
        for (const MigrationState &state : status()) {
            if (state.status == MigrationState::Pending && pending.size() < steps)
                pending << state.name;
        }
        return pending;
    });
}

QStringList Migrator::upTo(const QString &target)
{
    source(target);
    return run(Direction::Up, [this, target] {
        QStringList pending;
        for (const MigrationState &state : status()) {
            if (state.status == MigrationState::Pending && state.name <= target)
                pending << state.name;
        }
        return pending;
    });
}

QStringList Migrator::upOne(const QString &name)
{
    source(name);
    return run(Direction::Up, [this, name] {
        for (const MigrationState &state : status()) {
            if (state.name == name && state.status != MigrationState::Pending)
                throw MigrationError(QStringLiteral("Migration %1 is already %2")
                                         .arg(name, MigrationState::statusName(state.status)));
        }
        return QStringList{name};
    });
}

QStringList Migrator::rollback()
{
    return run(Direction::Down, [this] {
        QList<MigrationState> applied;
        int last = 0;
        for (const MigrationState &state : readTracker()) {
            if (state.status == MigrationState::Applied) {
                applied << state;
                last = std::max(last, state.batch);
            }
        }
        QStringList names;
        for (const MigrationState &state : applied) {
            if (state.batch == last)
                names.prepend(state.name);
        }
        return names;
    });
}

QStringList Migrator::downSteps(int steps)
{
    if (steps < 1)
        throw MigrationError(QStringLiteral("--step needs a count of at least 1"));
    return run(Direction::Down, [this, steps] {
        const QStringList applied = appliedInOrder();
        QStringList names;
        for (qsizetype i = applied.size() - 1; i >= 0 && names.size() < steps; --i)
            names << applied[i];
        return names;
    });
}

QStringList Migrator::downTo(const QString &target)
{
    source(target);
    return run(Direction::Down, [this, target] {
        const QStringList applied = appliedInOrder();
        QStringList names;
        for (qsizetype i = applied.size() - 1; i >= 0; --i) {
            if (applied[i] > target)
                names << applied[i];
        }
        return names;
    });
}

QStringList Migrator::downOne(const QString &name)
{
    return run(Direction::Down, [this, name] {
        if (!appliedInOrder().contains(name))
            throw MigrationError(QStringLiteral("Migration %1 is not applied").arg(name));
        source(name); // a missing source cannot be rolled back
        return QStringList{name};
    });
}

QStringList Migrator::redo(int steps)
{
    // What would stop the second half must stop the first: nothing is rolled back for nothing.
    checkRunnable();
    const QStringList undone = downSteps(steps);
    QStringList again = undone;
    std::sort(again.begin(), again.end());
    return run(Direction::Up, [again] { return again; });
}

QStringList Migrator::fresh(bool force)
{
    if (!force && !m_options.development && !m_db.config().isInMemory())
        throw MigrationError(
            QStringLiteral("fresh drops every table of %1; it runs without --force only on an "
                           "in-memory SQLite database or with \"environment\": \"development\"")
                .arg(m_db.config().toUrl()));
    m_db.withConnection([&](QSqlDatabase &) {
        MigrationLock lock(m_db, m_options.lockTimeoutMs);
        const SchemaInspector inspector(m_db);
        // Which are views is read first: a CASCADE may drop a view before its turn comes.
        QList<QPair<QString, bool>> relations;
        for (const QString &table : inspector.tables())
            relations.append({table, inspector.inspect(table).readOnly});
        const QString driver = m_db.dialect().qtDriverName();
        say(QStringLiteral("Dropping %1 table(s) and view(s) ...").arg(relations.size()));
        const auto dropAll = [&](const QString &suffix) {
            for (const auto &[table, view] : std::as_const(relations))
                m_db.execute(QStringLiteral("DROP %1 IF EXISTS %2%3")
                                 .arg(view ? QStringLiteral("VIEW") : QStringLiteral("TABLE"),
                                      m_db.dialect().quoteIdentifier(table), suffix));
        };
        if (driver == u"QSQLITE") {
            ForeignKeysOff off(m_db);
            m_db.transaction([&] { dropAll({}); });
        } else if (driver == u"QPSQL") {
            m_db.transaction([&] { dropAll(QStringLiteral(" CASCADE")); });
        } else {
            m_db.execute(QStringLiteral("SET FOREIGN_KEY_CHECKS = 0"));
            try {
                dropAll({});
            } catch (...) {
                m_db.execute(QStringLiteral("SET FOREIGN_KEY_CHECKS = 1"));
                throw;
            }
            m_db.execute(QStringLiteral("SET FOREIGN_KEY_CHECKS = 1"));
        }
    });
    return up();
}

void Migrator::resolve(const QString &name, bool applied)
{
    m_db.withConnection([&](QSqlDatabase &) {
        MigrationLock lock(m_db, m_options.lockTimeoutMs);
        ensureTracker();
        const QueryResult row = Query(trackerTable())
                                    .select(QStringLiteral("state"))
                                    .where(QStringLiteral("name"), name)
                                    .execute(m_db);
        if (row.isEmpty() || row.value(0, 0).toString() == u"applied")
            throw MigrationError(
                QStringLiteral("Migration %1 is not half-applied; nothing to resolve").arg(name));
        if (applied) {
            Query(trackerTable())
                .update(Fields{{QStringLiteral("state"), QStringLiteral("applied")},
                               {QStringLiteral("error"), QVariant()}})
                .where(QStringLiteral("name"), name)
                .execute(m_db);
        } else {
            Query(trackerTable()).remove().where(QStringLiteral("name"), name).execute(m_db);
        }
        say(QStringLiteral("Recorded %1 as %2")
                .arg(name, applied ? QStringLiteral("applied") : QStringLiteral("not applied")));
    });
}

} // namespace RexOrm
