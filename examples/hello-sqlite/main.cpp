// Opens a database (an embedded SQLite file by default), creates a small table on first run,
// writes in one transaction and prints what a grouped query returns.
//
//   rexorm-hello                               # sqlite:///<current dir>/rexorm-demo.db
//   rexorm-hello sqlite::memory:
//   rexorm-hello postgres://user:pass@127.0.0.1/db
#include <rexorm/database/database.h>
#include <rexorm/error.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);

    const QString url =
        argc > 1 ? QString::fromLocal8Bit(argv[1])
                 : QStringLiteral("sqlite://") +
                       QDir::current().absoluteFilePath(QStringLiteral("rexorm-demo.db"));
    try {
        RexOrm::Database db = RexOrm::Database::fromUrl(url);
        out << "Connected to " << db.dialect().displayName() << " at " << db.config().toUrl()
            << '\n';

        const RexOrm::Dialect &dialect = db.dialect();
        const QString table = dialect.quoteIdentifier(u"greetings");
        db.execute(
            QStringLiteral(
                "CREATE TABLE IF NOT EXISTS %1 (id %2, language %3 NOT NULL, text %4 NOT NULL)")
                .arg(table, dialect.autoIncrementPrimaryKey({RexOrm::ColumnType::BigInt}),
                     dialect.typeName({RexOrm::ColumnType::String, 32}),
                     dialect.typeName({RexOrm::ColumnType::String, 200})));

        db.transaction([&] {
            const QList<QPair<QString, QString>> greetings = {
                {QStringLiteral("en"), QStringLiteral("Hello")},
                {QStringLiteral("fr"), QStringLiteral("Bonjour")},
                {QStringLiteral("de"), QStringLiteral("Hallo")},
            };
            for (const auto &[language, text] : greetings)
                db.execute(
                    QStringLiteral("INSERT INTO %1 (language, text) VALUES (:language, :text)")
                        .arg(table),
                    QVariantMap{{QStringLiteral("language"), language},
                                {QStringLiteral("text"), text}});
        });

        const RexOrm::QueryResult result = db.execute(
            QStringLiteral("SELECT language, COUNT(*) AS times, MAX(text) AS text FROM %1 "
                           "GROUP BY language ORDER BY language")
                .arg(table));
        out << "language  times  text\n";
        for (qsizetype row = 0; row < result.size(); ++row) {
            out << result.value(row, u"language").toString().leftJustified(10)
                << result.value(row, u"times").toString().leftJustified(7)
                << result.value(row, u"text").toString() << '\n';
        }
        out << "Pool: " << db.poolStats().toString() << '\n';
        return 0;
    } catch (const RexOrm::Error &error) {
        err << "rexorm-hello: " << error.message() << '\n';
        return 1;
    }
}
