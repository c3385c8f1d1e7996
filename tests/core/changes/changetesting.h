#pragma once

// Helpers of the change-capture tests: a typed test table, and the database's own command-line
// client (sqlite3, psql, mariadb) run as another process, the way another application writes.

#include "testdatabases.h"

#include <rexorm/changes/changeevent.h>
#include <rexorm/changes/changelog.h>
#include <rexorm/database/database.h>

#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtTest/QSignalSpy>

namespace ChangeTesting {

// id (auto-increment key), big (64-bit), price (decimal 20,4), label, ratio (double), flag,
// note (text, nullable): the values that lose precision or type on a careless round trip.
inline void createTable(const RexOrm::Database &db, const QString &table)
{
    using RexOrm::ColumnType;
    const RexOrm::Dialect &dialect = db.dialect();
    RexOrmTest::dropTables(db, {table});
    db.execute(QStringLiteral("CREATE TABLE %1 (id %2, big %3, price %4, label %5, ratio %6, "
                              "flag %7, note %8)")
                   .arg(dialect.quoteIdentifier(table),
                        dialect.autoIncrementPrimaryKey({ColumnType::BigInt}),
                        dialect.typeName({ColumnType::BigInt}),
                        dialect.typeName({ColumnType::Decimal, 0, 20, 4}),
                        dialect.typeName({ColumnType::String, 200}),
                        dialect.typeName({ColumnType::Double}),
                        dialect.typeName({ColumnType::Boolean}),
                        dialect.typeName({ColumnType::Text})));
}

// Change capture on these tables only, with an empty change log: a test binary keeps one server
// database for all its tests, and holes a previous test left in the log are not this one's.
inline void freshInstall(const RexOrm::Database &db, const QStringList &tables)
{
    RexOrm::ChangeLog::uninstall(db);
    RexOrm::ChangeLog::install(db, tables);
}

inline QString clientProgram(const QString &backend)
{
    const QString name = backend == u"sqlite"     ? QStringLiteral("sqlite3")
                         : backend == u"postgres" ? QStringLiteral("psql")
                                                  : QStringLiteral("mariadb");
    return QStandardPaths::findExecutable(name);
}

// Runs a script through the backend's command-line client; returns its error output on failure.
inline std::optional<QString> runClient(const RexOrm::DatabaseConfig &config, const QString &sql)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QStringList arguments;
    QString program;
    if (config.driver == u"sqlite") {
        program = clientProgram(QStringLiteral("sqlite"));
        arguments << QStringLiteral("-bail") << QStringLiteral("-cmd")
                  << QStringLiteral(".timeout 20000") << config.databasePath;
    } else if (config.driver.startsWith(u"postgres")) {
        program = clientProgram(QStringLiteral("postgres"));
        arguments << QStringLiteral("-X") << QStringLiteral("-q") << QStringLiteral("-v")
                  << QStringLiteral("ON_ERROR_STOP=1") << QStringLiteral("-h") << config.host
                  << QStringLiteral("-p") << QString::number(config.port ? config.port : 5432)
                  << QStringLiteral("-U") << config.user << QStringLiteral("-d")
                  << config.databaseName;
        environment.insert(QStringLiteral("PGPASSWORD"), config.password);
    } else {
        program = clientProgram(QStringLiteral("mariadb"));
        arguments << QStringLiteral("--no-defaults") << QStringLiteral("-h") << config.host
                  << QStringLiteral("-P") << QString::number(config.port ? config.port : 3306)
                  << QStringLiteral("-u") << config.user << config.databaseName;
        environment.insert(QStringLiteral("MYSQL_PWD"), config.password);
    }
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted(30000))
        return QStringLiteral("%1 did not start: %2").arg(program, process.errorString());
    process.write(sql.toUtf8());
    process.closeWriteChannel();
    if (!process.waitForFinished(120000))
        return QStringLiteral("%1 did not finish").arg(program);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QStringLiteral("%1 failed (%2): %3")
            .arg(program)
            .arg(process.exitCode())
            .arg(QString::fromUtf8(process.readAllStandardError()));
    return std::nullopt;
}

// The events a spy on changed(const ChangeEvent &) has caught.
inline QList<RexOrm::ChangeEvent> events(const QSignalSpy &spy)
{
    QList<RexOrm::ChangeEvent> list;
    for (const QList<QVariant> &arguments : spy)
        list << arguments.at(0).value<RexOrm::ChangeEvent>();
    return list;
}

inline QStringList labels(const QList<RexOrm::ChangeEvent> &events)
{
    QStringList list;
    for (const RexOrm::ChangeEvent &event : events)
        list << (event.operation == RexOrm::ChangeEvent::Delete ? event.oldRow : event.newRow)
                    .value(QStringLiteral("label"))
                    .toString();
    return list;
}

} // namespace ChangeTesting

// Runs SQL through the backend's own client process, failing the test when the client fails.
#define RUN_CLIENT(config, sql)                                                                    \
    do {                                                                                           \
        const auto clientError = ChangeTesting::runClient((config), (sql));                        \
        QVERIFY2(!clientError, qPrintable(clientError.value_or(QString())));                       \
    } while (false)
