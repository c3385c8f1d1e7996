// Editing in the admin application: values buffered with the shared validation rules, undo and
// redo, Apply in one transaction (all or nothing), Revert, new/duplicated/deleted rows, and rows
// changed elsewhere before Apply, on every backend.
#include "admintest.h"

#include <browse/recordform.h>
#include <browse/rowsmodel.h>
#include <edit/valueconversion.h>

#include <rexorm/database/database.h>

#include <QtGui/QUndoStack>
#include <QtTest/QAbstractItemModelTester>
#include <QtWidgets/QLineEdit>

using namespace RexOrm;
using namespace RexOrm::Admin;

class tst_Edit : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void valueConversion();
    void validationThenApply_data() { RexOrmTest::addBackendColumns(); }
    void validationThenApply();
    void undoRedoRevert_data() { RexOrmTest::addBackendColumns(); }
    void undoRedoRevert();
    void insertDuplicateDelete_data() { RexOrmTest::addBackendColumns(); }
    void insertDuplicateDelete();
    void failedApplyWritesNothing_data() { RexOrmTest::addBackendColumns(); }
    void failedApplyWritesNothing();
    void changedElsewhere_data() { RexOrmTest::addBackendColumns(); }
    void changedElsewhere();
    void recordForm_data() { RexOrmTest::addBackendColumns(); }
    void recordForm();

private:
    // Creates the two tables, opens the session and shows the artists; false on failure.
    bool start(const DatabaseConfig &config);
    QStringList names() const; // the artist names in the database, by id
    QModelIndex cell(int row, const char *column) const
    {
        return m_rows->index(row, m_rows->columnOf(QString::fromLatin1(column)));
    }
    bool applyAndWait(ApplyOutcome *outcome, bool overwrite = false);

    std::optional<Database> m_db;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<RowsModel> m_rows;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_Edit::init()
{
    m_session = std::make_unique<Session>();
}

void tst_Edit::cleanup()
{
    m_tester.reset();
    m_rows.reset();
    m_session.reset();
    if (m_db)
        RexOrmAdminTest::fixture([&] {
            RexOrmTest::dropTables(*m_db,
                                   {QStringLiteral("adm_album"), QStringLiteral("adm_artist")});
        });
    m_db.reset();
}

bool tst_Edit::start(const DatabaseConfig &config)
{
    m_db.emplace(config);
    RexOrmAdminTest::fixture([&] {
        const Database &db = *m_db;
        const Dialect &d = db.dialect();
        RexOrmTest::dropTables(db, {QStringLiteral("adm_album"), QStringLiteral("adm_artist")});
        db.execute(QStringLiteral("CREATE TABLE adm_artist (id %1, name %2 NOT NULL UNIQUE, "
                                  "country %3)")
                       .arg(d.autoIncrementPrimaryKey({ColumnType::BigInt}),
                            d.typeName({ColumnType::String, 20}),
                            d.typeName({ColumnType::String, 40})));
        db.execute(QStringLiteral("CREATE TABLE adm_album (id %1, title %2 NOT NULL, artist_id %3 "
                                  "REFERENCES adm_artist (id))")
                       .arg(d.autoIncrementPrimaryKey({ColumnType::BigInt}),
                            d.typeName({ColumnType::String, 40}),
                            d.typeName({ColumnType::BigInt})));
        for (const char *name : {"AC/DC", "Accept", "Aerosmith"})
            db.execute(QStringLiteral("INSERT INTO adm_artist (name, country) VALUES (?, ?)"),
                       {QString::fromLatin1(name), QStringLiteral("xx")});
        db.execute(QStringLiteral("INSERT INTO adm_album (title, artist_id) VALUES (?, ?)"),
                   {QStringLiteral("Back in Black"), 1});
    });
    QString error;
    if (!RexOrmAdminTest::open(*m_session, config, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    const QString entity = m_session->live()->entityNamed(QStringLiteral("adm_artist"));
    if (entity.isEmpty())
        return false;
    m_rows = std::make_unique<RowsModel>(m_session.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_rows.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_rows->setEntity(entity);
    return QTest::qWaitFor(
        [&] { return !m_rows->isLoading() && m_rows->isTotalKnown() && m_rows->isLoaded(2); },
        30000);
}

QStringList tst_Edit::names() const
{
    return RexOrmAdminTest::fixture([&] {
        QStringList result;
        for (const QVariantList &row :
             m_db->execute(QStringLiteral("SELECT name FROM adm_artist ORDER BY id")).rows)
            result << row.value(0).toString();
        return result;
    });
}

bool tst_Edit::applyAndWait(ApplyOutcome *outcome, bool overwrite)
{
    QSignalSpy applied(m_rows.get(), &RowsModel::applied);
    m_rows->apply(overwrite);
    if (applied.isEmpty() && !applied.wait(30000))
        return false;
    *outcome = applied.first().first().value<ApplyOutcome>();
    // An applied edit re-reads the rows.
    return QTest::qWaitFor([&] { return !m_rows->isLoading(); }, 30000);
}

// What a user types becomes a value of the column's type, or a clear refusal.
void tst_Edit::valueConversion()
{
    const auto column = [](ColumnType type) {
        ColumnInfo c;
        c.name = QStringLiteral("c");
        c.type = type;
        return c;
    };
    QString error;
    const auto convert = [&](ColumnType type, const char *text) {
        error.clear();
        return toColumnValue(column(type), QString::fromUtf8(text), &error);
    };
    QCOMPARE(convert(ColumnType::Integer, " 42 ").value(), QVariant(qlonglong(42)));
    QVERIFY(!convert(ColumnType::Integer, "abc"));
    QVERIFY(!error.isEmpty());
    QVERIFY(convert(ColumnType::Integer, "")->isNull()); // empty is NULL for a number
    QCOMPARE(convert(ColumnType::Text, "").value(), QVariant(QString()));
    QCOMPARE(convert(ColumnType::Decimal, "12.50").value(), QVariant(QStringLiteral("12.50")));
    QVERIFY(!convert(ColumnType::Decimal, "12,50"));
    QCOMPARE(convert(ColumnType::Boolean, "yes").value(), QVariant(true));
    QVERIFY(!convert(ColumnType::Boolean, "maybe"));
    QCOMPARE(convert(ColumnType::Date, "2024-12-31").value(), QVariant(QDate(2024, 12, 31)));
    QCOMPARE(convert(ColumnType::Date, "2024-12-31T10:00:00Z").value(),
             QVariant(QDate(2024, 12, 31)));
    QVERIFY(!convert(ColumnType::Date, "2024-12-31junk"));
    QCOMPARE(convert(ColumnType::DateTime, "2024-12-31 10:00:00").value().toDateTime(),
             QDateTime(QDate(2024, 12, 31), QTime(10, 0), Qt::UTC));
    QCOMPARE(convert(ColumnType::Json, "[1, 2]").value(), QVariant(QStringLiteral("[1, 2]")));
    QVERIFY(!convert(ColumnType::Json, "1, 2"));
    QVERIFY(!convert(ColumnType::Json, "{oops"));
    QVERIFY(!convert(ColumnType::Binary, "00ff"));
}

void tst_Edit::validationThenApply()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    QVERIFY(start(config));
    QCOMPARE(m_rows->total(), 3);
    QCOMPARE(cell(0, "name").data().toString(), QStringLiteral("AC/DC"));

    // NOT NULL without a default is required; varchar(20) has a maximum length.
    QVERIFY(m_rows->setData(cell(0, "name"), QString()));
    QVERIFY2(cell(0, "name").data(Qt::ToolTipRole).toString().contains(u"required"),
             qPrintable(cell(0, "name").data(Qt::ToolTipRole).toString()));
    ApplyOutcome outcome;
    QVERIFY(applyAndWait(&outcome));
    QCOMPARE(outcome.status, ApplyOutcome::Invalid);
    QCOMPARE(names().first(), QStringLiteral("AC/DC"));

    QVERIFY(m_rows->setData(cell(0, "name"), QString(25, u'x')));
    QVERIFY(cell(0, "name").data(Qt::ToolTipRole).toString().contains(u"at most 20"));
    // Text that is no value of the column's type is refused and never buffered.
    QVERIFY(!m_rows->setData(cell(1, "id"), QStringLiteral("abc")));

    QVERIFY(m_rows->setData(cell(0, "name"), QStringLiteral("AC-DC")));
    QVERIFY(cell(0, "name").data(Qt::ToolTipRole).toString().isEmpty());
    QCOMPARE(cell(0, "name").data().toString(), QStringLiteral("AC-DC"));
    QCOMPARE(cell(0, "name").data(RowsModel::StateRole).toInt(), int(RowsModel::Edited));
    QCOMPARE(names().first(), QStringLiteral("AC/DC")); // buffered, not written
    QVERIFY(m_rows->setData(cell(2, "country"), QStringLiteral("US")));
    QCOMPARE(m_rows->edits()->rowCount(), 2);

    QVERIFY(applyAndWait(&outcome));
    QCOMPARE(outcome.status, ApplyOutcome::Applied);
    QCOMPARE(outcome.rowsWritten, 2);
    QCOMPARE(names(), (QStringList{QStringLiteral("AC-DC"), QStringLiteral("Accept"),
                                   QStringLiteral("Aerosmith")}));
    QVERIFY(!m_rows->hasPendingEdits());
    QCOMPARE(m_rows->undoStack()->count(), 0);
    QTRY_COMPARE(cell(0, "name").data(RowsModel::StateRole).toInt(), int(RowsModel::Stored));
    QCOMPARE(cell(0, "name").data().toString(), QStringLiteral("AC-DC"));
}

void tst_Edit::undoRedoRevert()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    QVERIFY(start(config));
    QUndoStack *undo = m_rows->undoStack();
    QVERIFY(m_rows->setData(cell(1, "name"), QString()));
    QVERIFY(m_rows->setData(cell(1, "name"), QStringLiteral("Accept!")));
    QCOMPARE(undo->count(), 2);
    undo->undo(); // back to the invalid value, and its message comes back with it
    QCOMPARE(cell(1, "name").data().toString(), QStringLiteral(""));
    QVERIFY(cell(1, "name").data(Qt::ToolTipRole).toString().contains(u"required"));
    undo->undo(); // back to the stored value
    QCOMPARE(cell(1, "name").data().toString(), QStringLiteral("Accept"));
    QVERIFY(!m_rows->hasPendingEdits());
    undo->redo();
    undo->redo();
    QCOMPARE(cell(1, "name").data().toString(), QStringLiteral("Accept!"));
    QVERIFY(cell(1, "name").data(Qt::ToolTipRole).toString().isEmpty());
    // Setting the stored value again is no edit.
    QVERIFY(m_rows->setData(cell(2, "name"), QStringLiteral("Aerosmith")));
    QCOMPARE(m_rows->edits()->rowCount(), 1);

    m_rows->revert();
    QVERIFY(!m_rows->hasPendingEdits());
    QCOMPARE(undo->count(), 0);
    QCOMPARE(cell(1, "name").data().toString(), QStringLiteral("Accept"));
    QCOMPARE(names().value(1), QStringLiteral("Accept"));
}

void tst_Edit::insertDuplicateDelete()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    QVERIFY(start(config));
    const int inserted = m_rows->insertRow();
    QCOMPARE(inserted, 3);
    QCOMPARE(m_rows->rowCount(), 4);
    QCOMPARE(cell(3, "id").data(RowsModel::StateRole).toInt(), int(RowsModel::Inserted));
    // A new row is checked whole on Apply: its required name is missing.
    ApplyOutcome outcome;
    QVERIFY(applyAndWait(&outcome));
    QCOMPARE(outcome.status, ApplyOutcome::Invalid);
    QVERIFY(cell(3, "name").data(Qt::ToolTipRole).toString().contains(u"required"));
    QVERIFY(m_rows->setData(cell(3, "name"), QStringLiteral("Alice in Chains")));

    const int duplicate = m_rows->duplicateRow(2); // Aerosmith, without its key
    QCOMPARE(duplicate, 4);
    QCOMPARE(cell(4, "name").data().toString(), QStringLiteral("Aerosmith"));
    QVERIFY(m_rows->setData(cell(4, "name"), QStringLiteral("Aerosmith II")));

    m_rows->deleteRows({0, 1}); // AC/DC has an album: the database refuses that delete
    QCOMPARE(cell(0, "name").data(RowsModel::StateRole).toInt(), int(RowsModel::Deleted));
    QVERIFY(applyAndWait(&outcome));
    QCOMPARE(outcome.status, ApplyOutcome::Failed);
    QVERIFY(!outcome.message.isEmpty());
    QCOMPARE(names().size(), 3); // nothing of it was written
    QVERIFY(m_rows->hasPendingEdits());

    m_rows->undoStack()->undo(); // the deletes
    m_rows->deleteRows({1});
    QVERIFY(applyAndWait(&outcome));
    QCOMPARE(outcome.status, ApplyOutcome::Applied);
    QCOMPARE(outcome.rowsWritten, 3);
    QCOMPARE(names(),
             (QStringList{QStringLiteral("AC/DC"), QStringLiteral("Aerosmith"),
                          QStringLiteral("Alice in Chains"), QStringLiteral("Aerosmith II")}));
    QTRY_COMPARE(m_rows->rowCount(), 4);
    QCOMPARE(m_rows->total(), 4);
}

void tst_Edit::failedApplyWritesNothing()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    QVERIFY(start(config));
    // The first update is fine, the second breaks the UNIQUE name: neither is written.
    QVERIFY(m_rows->setData(cell(0, "country"), QStringLiteral("Australia")));
    QVERIFY(m_rows->setData(cell(1, "name"), QStringLiteral("Aerosmith")));
    ApplyOutcome outcome;
    QVERIFY(applyAndWait(&outcome));
    QCOMPARE(outcome.status, ApplyOutcome::Failed);
    QVERIFY(!outcome.message.isEmpty());
    const QStringList countries = RexOrmAdminTest::fixture([&] {
        QStringList result;
        for (const QVariantList &row :
             m_db->execute(QStringLiteral("SELECT country FROM adm_artist ORDER BY id")).rows)
            result << row.value(0).toString();
        return result;
    });
    QCOMPARE(countries,
             (QStringList{QStringLiteral("xx"), QStringLiteral("xx"), QStringLiteral("xx")}));
    QCOMPARE(names().value(1), QStringLiteral("Accept"));
    QCOMPARE(m_rows->edits()->rowCount(), 2); // the edits stay, to be fixed
}

void tst_Edit::changedElsewhere()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    QVERIFY(start(config));
    QVERIFY(m_rows->setData(cell(0, "country"), QStringLiteral("Australia")));
    QVERIFY(m_rows->setData(cell(1, "country"), QStringLiteral("Germany")));
    // Another client changes both rows meanwhile (its own connection pool).
    RexOrmAdminTest::fixture([&] {
        const Database other(m_db->config());
        other.execute(QStringLiteral("UPDATE adm_artist SET name = ? WHERE id = ?"),
                      {QStringLiteral("ACDC"), 1});
        other.execute(QStringLiteral("UPDATE adm_artist SET country = ? WHERE id = ?"),
                      {QStringLiteral("DE"), 2});
    });
    ApplyOutcome outcome;
    QVERIFY(applyAndWait(&outcome));
    QCOMPARE(outcome.status, ApplyOutcome::Conflicts);
    QCOMPARE(outcome.conflicts.size(), 2);
    QCOMPARE(cell(0, "country").data(RowsModel::StateRole).toInt(), int(RowsModel::Conflict));
    QCOMPARE(names().first(), QStringLiteral("ACDC")); // nothing was overwritten

    // Keep theirs for row 1, overwrite with ours for row 0.
    m_rows->keepTheirs({m_rows->keyAt(1)});
    QCOMPARE(m_rows->edits()->rowCount(), 1);
    QVERIFY(applyAndWait(&outcome));
    QCOMPARE(outcome.status, ApplyOutcome::Conflicts); // row 0 is still changed elsewhere
    QVERIFY(applyAndWait(&outcome, true));
    QCOMPARE(outcome.status, ApplyOutcome::Applied);
    const QList<QVariantList> rows = RexOrmAdminTest::fixture([&] {
        return m_db->execute(QStringLiteral("SELECT name, country FROM adm_artist ORDER BY id"))
            .rows;
    });
    QCOMPARE(rows.value(0).value(0).toString(), QStringLiteral("ACDC"));      // theirs, untouched
    QCOMPARE(rows.value(0).value(1).toString(), QStringLiteral("Australia")); // ours
    QCOMPARE(rows.value(1).value(1).toString(), QStringLiteral("DE"));        // theirs kept
}

void tst_Edit::recordForm()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    QVERIFY(start(config));
    RecordForm form(m_session.get(), m_rows.get());
    form.setRow(2);
    QLineEdit *name = form.editor(QStringLiteral("name"));
    QVERIFY(name);
    QCOMPARE(name->text(), QStringLiteral("Aerosmith"));
    QVERIFY(!form.editor(QStringLiteral("id"))->isEnabled()); // the key is not edited in place
    name->setText(QString());
    emit name->editingFinished();
    QVERIFY(form.message(QStringLiteral("name")).contains(u"required"));
    QCOMPARE(cell(2, "name").data(RowsModel::StateRole).toInt(), int(RowsModel::Edited));
    name->setText(QStringLiteral("Aerosmith Live"));
    emit name->editingFinished();
    QVERIFY(form.message(QStringLiteral("name")).isEmpty());
    QCOMPARE(cell(2, "name").data().toString(), QStringLiteral("Aerosmith Live"));
    m_rows->undoStack()->undo();
    QCOMPARE(name->text(), QString());
}

REXORM_ADMIN_TEST_MAIN(tst_Edit)
#include "tst_edit.moc"
