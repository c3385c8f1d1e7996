#pragma once

// Shared by the benchmarks: timing, failing loudly, raw baselines and the Markdown report.
#include <rexorm/database/database.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QStringList>
#include <QtCore/QTextStream>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <functional>

namespace Bench {

struct Result
{
    Result(QString database, QString workload, QString target = {})
        : database(std::move(database)), workload(std::move(workload)), target(std::move(target))
    {}
    QString database;
    QString workload;
    QString target; // e.g. "≤ 1.5×"
    double rexormMs = 0;
    double baselineMs = 0;
    double floorMs = -1; // the raw sqlite3 C API, where measured
};

[[noreturn]] inline void fail(const QString &what)
{
    QTextStream(stderr) << "benchmark: " << what << '\n';
    std::exit(1);
}

inline void check(bool ok, const QSqlQuery &query)
{
    if (!ok)
        fail(query.lastError().text());
}

// Fastest of `repeats` runs, in milliseconds.
inline double best(const std::function<void()> &work, int repeats = 3)
{
    double fastest = 1e300;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        fastest = std::min(fastest, timer.nsecsElapsed() / 1e6);
    }
    return fastest;
}

// Runs two variants alternately, `repeats` times each; returns {bestA, bestB}.
inline std::pair<double, double> alternate(const std::function<void()> &a,
                                           const std::function<void()> &b, int repeats = 3)
{
    double bestA = 1e300, bestB = 1e300;
    for (int i = 0; i < repeats; ++i) {
        bestA = std::min(bestA, best(a, 1));
        bestB = std::min(bestB, best(b, 1));
    }
    return {bestA, bestB};
}

// A plain QSqlDatabase on the same database, for the raw baseline.
inline QSqlDatabase rawConnection(const RexOrm::Database &db, const QString &name)
{
    QSqlDatabase raw = QSqlDatabase::addDatabase(db.dialect().qtDriverName(), name);
    db.dialect().configureConnection(raw, db.config());
    if (!raw.open())
        fail(raw.lastError().text());
    return raw;
}

// Heap bytes in use (glibc): what objects hold, unlike the resident size, which reuses freed pages.
inline qint64 heapInUse()
{
    return qint64(mallinfo2().uordblks);
}

struct Options
{
    QString markdown; // a file to append a Markdown section to
    int rows = 100000;
};

inline Options parseOptions(const QStringList &args)
{
    Options options;
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == u"--markdown" && i + 1 < args.size())
            options.markdown = args[++i];
        else if (args[i] == u"--rows" && i + 1 < args.size())
            options.rows = args[++i].toInt();
        else
            fail(QStringLiteral("unknown argument %1; usage: [--markdown FILE] [--rows N]")
                     .arg(args[i]));
    }
    if (options.rows < 100)
        fail(QStringLiteral("--rows must be at least 100"));
    return options;
}

// Prints the table, and appends it with a heading and an introduction to options.markdown.
inline void report(const Options &options, const QString &title, const QString &introduction,
                   const QString &baselineName, const QList<Result> &results,
                   const QString &notes = {})
{
    QString table =
        QStringLiteral(
            "| database | workload | RexOrm ms | %1 ms | ratio | target | raw sqlite3 ms |\n"
            "|---|---|---:|---:|---:|---|---:|\n")
            .arg(baselineName);
    for (const Result &r : results) {
        table += QStringLiteral("| %1 | %2 | %3 | %4 | %5× | %6 | %7 |\n")
                     .arg(r.database, r.workload)
                     .arg(r.rexormMs, 0, 'f', 1)
                     .arg(r.baselineMs, 0, 'f', 1)
                     .arg(r.rexormMs / r.baselineMs, 0, 'f', 2)
                     .arg(r.target.isEmpty() ? QStringLiteral("–") : r.target)
                     .arg(r.floorMs < 0 ? QStringLiteral("–") : QString::number(r.floorMs, 'f', 1));
    }
    QTextStream(stdout) << '\n' << title << "\n\n" << table << notes << '\n';
    if (options.markdown.isEmpty())
        return;
    QFile file(options.markdown);
    if (!file.open(QIODevice::Append | QIODevice::Text))
        fail(QStringLiteral("cannot write %1").arg(options.markdown));
    file.write(QStringLiteral("## %1\n\n%2\n\n%3%4\n")
                   .arg(title, introduction, table, notes.isEmpty() ? QString() : u'\n' + notes)
                   .toUtf8());
}

// The servers configured for tests, by display name: {"PostgreSQL", url}, {"MariaDB", url}.
inline QList<QPair<QString, QString>> serverUrls()
{
    QList<QPair<QString, QString>> servers;
    for (const auto &[name, variable] : {std::pair{"PostgreSQL", "REXORM_TEST_POSTGRES_URL"},
                                         std::pair{"MariaDB", "REXORM_TEST_MYSQL_URL"}}) {
        const QString url = qEnvironmentVariable(variable);
        if (url.isEmpty())
            QTextStream(stdout) << name << ": skipped, " << variable << " is not set\n";
        else
            servers.append({QString::fromLatin1(name), url});
    }
    return servers;
}

} // namespace Bench
