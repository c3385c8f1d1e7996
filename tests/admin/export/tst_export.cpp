#include "admintest.h"

#include <export/exportdialog.h>
#include <export/exportjob.h>

#include <rexorm/meta/decimal.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QTemporaryDir>
#include <QtWidgets/QProgressBar>

using namespace RexOrm;
using namespace RexOrm::Admin;

namespace {

// Chinook names its tables and columns in snake_case on PostgreSQL and in PascalCase elsewhere.
QString chinook(const QString &backend, const char *snake, const char *pascal)
{
    return QString::fromLatin1(backend == u"postgres" ? snake : pascal);
}

// RFC 4180, strictly: records end with CRLF, a field with a comma, quote or line break is
// quoted. An unquoted empty field is NULL (an invalid QVariant), anything else a QString.
QList<QVariantList> parseCsv(const QByteArray &bytes, QString *error)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QVariantList> records;
    QVariantList record;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        QVariant field;
        if (text.at(i) == u'"') {
            QString value;
            ++i;
            while (true) {
                if (i >= n) {
                    *error = QStringLiteral("unterminated quoted field");
                    return {};
                }
                if (text.at(i) == u'"') {
                    if (i + 1 < n && text.at(i + 1) == u'"') {
                        value += u'"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                value += text.at(i++);
            }
            field = value;
        } else {
            const qsizetype start = i;
            while (i < n && text.at(i) != u',' && text.at(i) != u'\r') {
                if (text.at(i) == u'"' || text.at(i) == u'\n') {
                    *error =
                        QStringLiteral("a quote or line feed in an unquoted field at %1").arg(i);
                    return {};
                }
                ++i;
            }
            if (i > start)
                field = text.mid(start, i - start);
        }
        record << field;
        if (i < n && text.at(i) == u',') {
            ++i;
            if (i == n) {
                *error = QStringLiteral("the file ends after a comma");
                return {};
            }
            continue;
        }
        if (text.mid(i, 2) != u"\r\n") {
            *error = QStringLiteral("a record does not end with CRLF at %1").arg(i);
            return {};
        }
        i += 2;
        records << record;
        record.clear();
    }
    return records;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

struct Outcome
{
    bool ok = false;
    QString message;
    QList<std::pair<qint64, qint64>> progress;
};

// Runs job to its end in the event loop.
Outcome runJob(ExportJob &job, const std::function<void(qint64, qint64)> &onProgress = {})
{
    Outcome outcome;
    QSignalSpy finished(&job, &ExportJob::finished);
    QObject::connect(&job, &ExportJob::progress, &job, [&](qint64 done, qint64 total) {
        outcome.progress.push_back({done, total});
        if (onProgress)
            onProgress(done, total);
    });
    job.start();
    if (!finished.wait(120000)) {
        outcome.message = QStringLiteral("the export did not finish within 120 s");
        return outcome;
    }
    outcome.ok = finished.first().at(0).toBool();
    outcome.message = finished.first().at(1).toString();
    return outcome;
}

// The text the API gives a Decimal value read directly through SQL.
QString decimalText(const Database &db, const QVariant &raw)
{
    return db.dialect().fromDatabaseValue(raw, ColumnType::Decimal).value<Decimal>().toString();
}

} // namespace

class tst_Export : public QObject
{
    Q_OBJECT

private slots:
    void filteredAndSorted_data() { RexOrmTest::addBackendColumns(); }
    void filteredAndSorted();
    void pagesBreakTiesByKey_data() { RexOrmTest::addBackendColumns(); }
    void pagesBreakTiesByKey();
    void specialValues_data() { RexOrmTest::addBackendColumns(); }
    void specialValues();
    void cancelKeepsPreviousFile_data() { RexOrmTest::addBackendColumns(); }
    void cancelKeepsPreviousFile();
    void failures_data() { RexOrmTest::addBackendColumns(); }
    void failures();
    void dialog_data() { RexOrmTest::addBackendColumns(); }
    void dialog();
};

// Chinook's tracks with "love" in their name, by composer (descending) then name, to CSV and
// JSON, compared with the same query in SQL.
void tst_Export::filteredAndSorted()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    const QString track = chinook(backend, "track", "Track");
    const auto names = session.names(track);
    QVERIFY(names);
    const QString idColumn = chinook(backend, "track_id", "TrackId");
    const QString nameColumn = chinook(backend, "name", "Name");
    const QString composerColumn = chinook(backend, "composer", "Composer");
    const QString priceColumn = chinook(backend, "unit_price", "UnitPrice");
    const QString msColumn = chinook(backend, "milliseconds", "Milliseconds");
    const QStringList fields{names->fieldOf(idColumn), names->fieldOf(nameColumn),
                             names->fieldOf(composerColumn), names->fieldOf(priceColumn),
                             names->fieldOf(msColumn)};
    QVERIFY(!fields.contains(QString()));

    // The expected rows, straight from SQL.
    const Database db(config);
    const QList<QVariantList> expected = RexOrmAdminTest::fixture([&] {
        const Dialect &d = db.dialect();
        const auto q = [&](const QString &identifier) { return d.quoteIdentifier(identifier); };
        const QString matches = backend == u"postgres" ? q(nameColumn) + QStringLiteral(" ILIKE ?")
                                                       : QStringLiteral("LOWER(") + q(nameColumn) +
                                                             QStringLiteral(") LIKE LOWER(?)");
        QList<QVariantList> rows =
            db.execute(QStringLiteral("SELECT %1, %2, %3, %4, %5 FROM %6 WHERE %7 "
                                      "ORDER BY %3 DESC, %2 ASC, %1 ASC")
                           .arg(q(idColumn), q(nameColumn), q(composerColumn), q(priceColumn),
                                q(msColumn), q(track), matches),
                       {QStringLiteral("%love%")})
                .rows;
        for (QVariantList &row : rows)
            row[3] = decimalText(db, row[3]);
        return rows;
    });
    QVERIFY(expected.size() > 20);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QJsonObject where{{names->fieldOf(nameColumn),
                             QJsonObject{{QStringLiteral("ilike"), QStringLiteral("%love%")}}}};
    const QJsonArray orderBy{QJsonObject{{QStringLiteral("field"), names->fieldOf(composerColumn)},
                                         {QStringLiteral("direction"), QStringLiteral("DESC")}},
                             QJsonObject{{QStringLiteral("field"), names->fieldOf(nameColumn)},
                                         {QStringLiteral("direction"), QStringLiteral("ASC")}}};

    // CSV, replacing a file that is there.
    const QString csvPath = dir.filePath(QStringLiteral("tracks.csv"));
    QVERIFY(writeFile(csvPath, "old content\n"));
    ExportJob csv(&session);
    csv.setEntity(track);
    csv.setWhere(where);
    csv.setOrderBy(orderBy);
    csv.setFields(fields);
    csv.setFormat(ExportJob::Format::Csv);
    csv.setPath(csvPath);
    Outcome outcome = runJob(csv);
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QVERIFY(outcome.message.contains(QString::number(expected.size())));
    QVERIFY(!csv.isRunning());
    QCOMPARE(outcome.progress.first(), std::make_pair(qint64(0), qint64(expected.size())));
    QCOMPARE(outcome.progress.last(),
             std::make_pair(qint64(expected.size()), qint64(expected.size())));

    QList<QVariantList> records = parseCsv(readAll(csvPath), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(records.size(), expected.size() + 1);
    QVariantList header;
    for (const QString &field : fields)
        header << field;
    QCOMPARE(records.takeFirst(), header);
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const QVariantList &want = expected.at(i);
        const QVariantList &got = records.at(i);
        QCOMPARE(got.size(), 5);
        QCOMPARE(got.at(0).toString().toLongLong(), want.at(0).toLongLong());
        QCOMPARE(got.at(1).toString(), want.at(1).toString());
        QCOMPARE(got.at(2).isValid(), !want.at(2).isNull()); // NULL stays an empty field
        QCOMPARE(got.at(2).toString(), want.at(2).toString());
        QCOMPARE(got.at(3).toString(), want.at(3).toString());
        QCOMPARE(got.at(4).toString().toLongLong(), want.at(4).toLongLong());
    }

    // JSON.
    const QString jsonPath = dir.filePath(QStringLiteral("tracks.json"));
    ExportJob json(&session);
    json.setEntity(track);
    json.setWhere(where);
    json.setOrderBy(orderBy);
    json.setFields(fields);
    json.setFormat(ExportJob::Format::Json);
    json.setPath(jsonPath);
    outcome = runJob(json);
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(readAll(jsonPath), &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    QVERIFY(document.isArray());
    const QJsonArray rows = document.array();
    QCOMPARE(rows.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const QVariantList &want = expected.at(i);
        const QJsonObject row = rows.at(i).toObject();
        QStringList keys = row.keys();
        QStringList sortedFields = fields;
        keys.sort();
        sortedFields.sort();
        QCOMPARE(keys, sortedFields);
        QCOMPARE(row.value(fields.at(0)).toVariant().toLongLong(), want.at(0).toLongLong());
        QCOMPARE(row.value(fields.at(1)).toString(), want.at(1).toString());
        QCOMPARE(row.value(fields.at(2)).isNull(), want.at(2).isNull());
        QCOMPARE(row.value(fields.at(2)).toString(), want.at(2).toString());
        QVERIFY(row.value(fields.at(3)).isString()); // a Decimal keeps its exact text
        QCOMPARE(row.value(fields.at(3)).toString(), want.at(3).toString());
        QVERIFY(row.value(fields.at(4)).isDouble());
        QCOMPARE(row.value(fields.at(4)).toInteger(), want.at(4).toLongLong());
    }
}

// Every track, sorted by a column with only two values: the pages (of 1,000) neither overlap
// nor skip rows because the key breaks the ties.
void tst_Export::pagesBreakTiesByKey()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    const QString track = chinook(backend, "track", "Track");
    const auto names = session.names(track);
    QVERIFY(names);
    const QString idColumn = chinook(backend, "track_id", "TrackId");
    const QString priceColumn = chinook(backend, "unit_price", "UnitPrice");

    const Database db(config);
    const QList<qint64> expected = RexOrmAdminTest::fixture([&] {
        const Dialect &d = db.dialect();
        QList<qint64> ids;
        for (const QVariantList &row :
             db.execute(QStringLiteral("SELECT %1 FROM %2 ORDER BY %3 DESC, %1 ASC")
                            .arg(d.quoteIdentifier(idColumn), d.quoteIdentifier(track),
                                 d.quoteIdentifier(priceColumn)))
                 .rows)
            ids << row.at(0).toLongLong();
        return ids;
    });
    QVERIFY(expected.size() > 3 * ExportJob::pageSize);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("all.json"));
    ExportJob job(&session);
    job.setEntity(track);
    job.setOrderBy({QJsonObject{{QStringLiteral("field"), names->fieldOf(priceColumn)},
                                {QStringLiteral("direction"), QStringLiteral("DESC")}}});
    job.setFormat(ExportJob::formatForPath(path));
    QCOMPARE(job.format(), ExportJob::Format::Json);
    job.setPath(path);
    const Outcome outcome = runJob(job);
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QCOMPARE(outcome.progress.size(),
             1 + (expected.size() + ExportJob::pageSize - 1) / ExportJob::pageSize);
    QCOMPARE(job.rowsWritten(), qint64(expected.size()));

    const QJsonArray rows = QJsonDocument::fromJson(readAll(path)).array();
    QCOMPARE(rows.size(), expected.size());
    QList<qint64> ids;
    for (const QJsonValue &row : rows)
        ids << row.toObject().value(names->fieldOf(idColumn)).toVariant().toLongLong();
    QCOMPARE(ids, expected);
    // Without a field list, every visible field, in order.
    QStringList all;
    for (const auto &[column, field] : names->fields)
        all << field;
    QStringList keys = rows.first().toObject().keys();
    keys.sort();
    all.sort();
    QCOMPARE(keys, all);
}

// Text with commas, quotes and line breaks, an empty text beside NULL, non-ASCII text and an
// exact decimal survive CSV and JSON. Written in the fresh test database.
void tst_Export::specialValues()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    const QString awkward = QStringLiteral("Hello, \"world\"\nsecond line");
    const QString crlf = QStringLiteral("one\r\ntwo, three");
    const QString unicode = QStringLiteral("Zo\u00eb \u2713 \u65e5\u672c");
    RexOrmAdminTest::fixture([&] {
        const Database db(config);
        RexOrmTest::dropTables(db, {QStringLiteral("export_note")});
        db.execute(QStringLiteral("CREATE TABLE export_note (id INTEGER PRIMARY KEY, "
                                  "body VARCHAR(200), amount DECIMAL(14,2))"));
        const QString insert =
            QStringLiteral("INSERT INTO export_note (id, body, amount) VALUES (?, ?, ?)");
        db.execute(insert, {1, awkward, QVariant::fromValue(Decimal(u"12345678901.25"))});
        db.execute(insert, {2, QStringLiteral(""), QVariant::fromValue(Decimal(u"-0.50"))});
        db.execute(insert,
                   {3, QVariant(QMetaType::fromType<QString>()), QVariant::fromValue(Decimal())});
        db.execute(insert, {4, unicode, QVariant::fromValue(Decimal(u"7.00"))});
        db.execute(insert, {5, crlf, QVariant::fromValue(Decimal(u"0.01"))});
    });
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    QString entity;
    for (const QString &name : session.entities()) {
        if (session.entity(name)->table == u"export_note")
            entity = name;
    }
    QVERIFY(!entity.isEmpty());
    const auto names = session.names(entity);
    QVERIFY(names);
    const QString id = names->fieldOf(QStringLiteral("id"));
    const QString body = names->fieldOf(QStringLiteral("body"));
    const QString amount = names->fieldOf(QStringLiteral("amount"));
    const QJsonArray orderBy{QJsonObject{{QStringLiteral("field"), id}}};

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString csvPath = dir.filePath(QStringLiteral("notes.csv"));
    ExportJob csv(&session);
    csv.setEntity(entity);
    csv.setOrderBy(orderBy);
    csv.setFields({id, body, amount});
    csv.setPath(csvPath);
    Outcome outcome = runJob(csv);
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    const QByteArray bytes = readAll(csvPath);
    QVERIFY(bytes.contains(unicode.toUtf8())); // UTF-8
    QVERIFY(bytes.contains("\"Hello, \"\"world\"\"\nsecond line\""));
    QList<QVariantList> records = parseCsv(bytes, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(records.size(), 6);
    QCOMPARE(records.at(3).size(), 3);
    // A NULL decimal is an empty field (QPSQL and QMYSQL hand one over as a null double).
    const QVariant nullAmount = records[3].takeLast();
    QCOMPARE(nullAmount, QVariant());
    const QList<QVariantList> expected{
        {id, body, amount},
        {QStringLiteral("1"), awkward, QStringLiteral("12345678901.25")},
        {QStringLiteral("2"), QStringLiteral(""), QStringLiteral("-0.50")},
        {QStringLiteral("3"), QVariant()},
        {QStringLiteral("4"), unicode, QStringLiteral("7.00")},
        {QStringLiteral("5"), crlf, QStringLiteral("0.01")}};
    QCOMPARE(records, expected);

    const QString jsonPath = dir.filePath(QStringLiteral("notes.json"));
    ExportJob json(&session);
    json.setEntity(entity);
    json.setOrderBy(orderBy);
    json.setFormat(ExportJob::Format::Json);
    json.setPath(jsonPath);
    outcome = runJob(json);
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    const QJsonArray rows = QJsonDocument::fromJson(readAll(jsonPath)).array();
    QCOMPARE(rows.size(), 5);
    QCOMPARE(rows.at(0).toObject().value(body).toString(), awkward);
    QCOMPARE(rows.at(0).toObject().value(amount).toString(), QStringLiteral("12345678901.25"));
    QCOMPARE(rows.at(1).toObject().value(body).toString(), QStringLiteral(""));
    QVERIFY(rows.at(2).toObject().value(body).isNull());
    QVERIFY(rows.at(2).toObject().value(amount).isNull());
    QCOMPARE(rows.at(3).toObject().value(body).toString(), unicode);
    QCOMPARE(rows.at(4).toObject().value(body).toString(), crlf);
}

// Cancelling after the first page leaves the file that was there, and no temporary file.
void tst_Export::cancelKeepsPreviousFile()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("tracks.csv"));
    const QByteArray previous = "the previous export\r\n";
    QVERIFY(writeFile(path, previous));

    ExportJob job(&session);
    job.setEntity(chinook(backend, "track", "Track"));
    job.setPath(path);
    qint64 cancelledAt = -1;
    const Outcome outcome = runJob(job, [&](qint64 done, qint64 total) {
        if (done > 0 && done < total && cancelledAt < 0) {
            cancelledAt = done;
            job.cancel();
        }
    });
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(QStringLiteral("cancelled")), qPrintable(outcome.message));
    QCOMPARE(cancelledAt, qint64(ExportJob::pageSize));
    QCOMPARE(outcome.progress.last().first, cancelledAt); // nothing after the cancel
    QVERIFY(!job.isRunning());
    QCOMPARE(readAll(path), previous);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("tracks.csv")});

    // The same job runs again to the end.
    const Outcome again = runJob(job);
    QVERIFY2(again.ok, qPrintable(again.message));
    const QList<QVariantList> records = parseCsv(readAll(path), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(records.size(), again.progress.last().second + 1);
    QCOMPARE(records.first().size(), session.names(job.entity())->fields.size());
}

void tst_Export::failures()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    Session session;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString track = chinook(backend, "track", "Track");

    // No database.
    ExportJob job(&session);
    job.setEntity(track);
    job.setPath(dir.filePath(QStringLiteral("out.csv")));
    Outcome outcome = runJob(job);
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(QStringLiteral("No database")), qPrintable(outcome.message));

    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));

    // A folder that does not exist: a clear message, nothing created.
    const QString missing = dir.filePath(QStringLiteral("missing"));
    job.setPath(missing + QStringLiteral("/out.csv"));
    outcome = runJob(job);
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(QStringLiteral("does not exist")),
             qPrintable(outcome.message));
    QVERIFY2(outcome.message.contains(QDir::toNativeSeparators(missing)),
             qPrintable(outcome.message));
    QVERIFY(!QFileInfo::exists(missing));

    // An unknown entity, an unknown field, an invalid filter.
    job.setPath(dir.filePath(QStringLiteral("out.csv")));
    job.setEntity(QStringLiteral("NoSuchEntity"));
    outcome = runJob(job);
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(QStringLiteral("NoSuchEntity")), qPrintable(outcome.message));
    job.setEntity(track);
    job.setFields({QStringLiteral("noSuchField")});
    outcome = runJob(job);
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(QStringLiteral("noSuchField")), qPrintable(outcome.message));
    job.setFields({});
    job.setWhere({{QStringLiteral("noSuchField"), QJsonObject{{QStringLiteral("eq"), 1}}}});
    outcome = runJob(job);
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(QStringLiteral("noSuchField")), qPrintable(outcome.message));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("out.csv"))));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());

    // Closing the database while an export runs stops it.
    job.setWhere({});
    outcome = runJob(job, [&](qint64, qint64) { session.close(); });
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(QStringLiteral("closed")), qPrintable(outcome.message));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("out.csv"))));
}

void tst_Export::dialog()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    const QString track = chinook(backend, "track", "Track");
    const auto names = session.names(track);
    QVERIFY(names);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    ExportDialog dialog(&session, track);
    const QString nameField = names->fieldOf(chinook(backend, "name", "Name"));
    dialog.setWhere(
        {{nameField, QJsonObject{{QStringLiteral("ilike"), QStringLiteral("%love%")}}}});
    dialog.setPath(dir.filePath(QStringLiteral("love.csv")));
    QCOMPARE(dialog.format(), ExportJob::Format::Csv);
    dialog.setFormat(ExportJob::Format::Json); // the suffix follows the format
    QCOMPARE(dialog.path(), dir.filePath(QStringLiteral("love.json")));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    QSignalSpy finished(dialog.job(), &ExportJob::finished);
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    dialog.startExport();
    QVERIFY(dialog.job()->isRunning());
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QCOMPARE(exported.count(), 1);
    QCOMPARE(dialog.progressBar()->value(), dialog.progressBar()->maximum());
    QCOMPARE(dialog.statusText(), finished.first().at(1).toString());
    QVERIFY(dialog.isVisible());

    const qint64 expected = RexOrmAdminTest::fixture([&] {
        const Database db(config);
        const Dialect &d = db.dialect();
        const QString column = d.quoteIdentifier(chinook(backend, "name", "Name"));
        const QString matches = backend == u"postgres" ? column + QStringLiteral(" ILIKE ?")
                                                       : QStringLiteral("LOWER(") + column +
                                                             QStringLiteral(") LIKE LOWER(?)");
        return db
            .execute(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2")
                         .arg(d.quoteIdentifier(track), matches),
                     {QStringLiteral("%love%")})
            .value(0, 0)
            .toLongLong();
    });
    const QJsonDocument document =
        QJsonDocument::fromJson(readAll(dir.filePath(QStringLiteral("love.json"))));
    QVERIFY(document.isArray());
    QCOMPARE(document.array().size(), expected);

    // A failure shows in the dialog.
    dialog.setPath(dir.filePath(QStringLiteral("missing/love.json")));
    finished.clear();
    dialog.startExport();
    QVERIFY(finished.wait(60000));
    QVERIFY(!finished.first().at(0).toBool());
    QVERIFY2(dialog.statusText().contains(QStringLiteral("does not exist")),
             qPrintable(dialog.statusText()));
    QVERIFY(dialog.isVisible());
}

REXORM_ADMIN_TEST_MAIN(tst_Export)
#include "tst_export.moc"
