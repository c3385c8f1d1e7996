#include <rexorm/database/database.h>

#include <QtCore/QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    RexOrm::Database db = RexOrm::Database::fromUrl(QStringLiteral("sqlite::memory:"));
    const RexOrm::QueryResult result = db.execute(QStringLiteral("SELECT ? * 2 AS answer"), {21});
    std::printf("consumer: %d via %s\n", result.value(0, u"answer").toInt(),
                qPrintable(db.dialect().displayName()));
    return 0;
}
