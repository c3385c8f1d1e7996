// QtQuickTest runner for tests/qml/quick/tst_*.qml: the RexOrm module from the build tree, a
// fresh SQLite file per run (testDatabaseUrl) with a notes table, and the compiled Note model
// whose rules save() reports.
#include <rexorm/database/database.h>
#include <rexorm/meta/registry.h>
#include <rexorm/model/repository.h>

#include <QtCore/QTemporaryDir>
#include <QtQml/QQmlContext>
#include <QtQml/QQmlEngine>
#include <QtQuickTest/quicktest.h>

struct Note
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "notes")
    Q_CLASSINFO("rex.column.id", "primaryKey autoIncrement")
    Q_CLASSINFO("rex.column.body", "notNull validate.required validate.maxLength=20 "
                                   "message.maxLength='Keep it short'")
    Q_CLASSINFO("rex.column.rank", "notNull")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString body MEMBER body)
    Q_PROPERTY(int rank MEMBER rank)

public:
    qint64 id = 0;
    QString body;
    int rank = 0;
};

// A compiled QObject model, handed to QML as it is.
class Memo : public RexOrm::Model
{
    Q_OBJECT
    Q_CLASSINFO("rex.table", "memos")
    Q_CLASSINFO("rex.column.id", "primaryKey autoIncrement")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString title MEMBER title NOTIFY titleChanged)

public:
    Q_INVOKABLE explicit Memo(QObject *parent = nullptr) : RexOrm::Model(parent) {}
    qint64 id = 0;
    QString title;

signals:
    void titleChanged();
};

class Setup : public QObject
{
    Q_OBJECT

public:
    // QML: saves the memo with a new title through a Repository (its saved() signal follows).
    Q_INVOKABLE void saveMemo(const QString &title)
    {
        m_memo.title = title;
        emit m_memo.titleChanged();
        m_memos->save(m_memo);
    }

public slots:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral(REXORM_QML_IMPORT_PATH));
        // A fresh database for each test file (each gets its own engine).
        const QString url = QStringLiteral("sqlite://") +
                            m_dir.filePath(QStringLiteral("qml-%1.db").arg(++m_engines));
        const RexOrm::Database db = RexOrm::Database::fromUrl(url);
        db.execute(QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                                  "body VARCHAR(20) NOT NULL, rank INTEGER NOT NULL)"));
        for (int rank : {3, 1, 2})
            db.execute(QStringLiteral("INSERT INTO notes (body, rank) VALUES (?, ?)"),
                       {QStringLiteral("note %1").arg(rank), rank});
        if (!RexOrm::Registry::global().contains(QStringLiteral("Note")))
            RexOrm::Registry::global().registerModel<Note>();
        engine->rootContext()->setContextProperty(QStringLiteral("testDatabaseUrl"), url);
        db.execute(QStringLiteral("CREATE TABLE memos (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                                  "title TEXT)"));
        m_memos.emplace(db);
        engine->rootContext()->setContextProperty(QStringLiteral("memo"), &m_memo);
        engine->rootContext()->setContextProperty(QStringLiteral("setup"), this);
    }

private:
    QTemporaryDir m_dir;
    int m_engines = 0;
    Memo m_memo;
    std::optional<RexOrm::Repository<Memo>> m_memos;
};

QUICK_TEST_MAIN_WITH_SETUP(rexorm_qml, Setup)
#include "tst_qml.moc"
