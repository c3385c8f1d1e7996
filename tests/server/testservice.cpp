#include "testservice.h"

#include <rexorm/database/database.h>
#include <rexorm/database/databaseconfig.h>
#include <rexorm/graphql/execution.h>

#include <QtCore/QMutex>
#include <QtCore/QThread>

using namespace RexOrm::GraphQL;

namespace {

const char *sdl = R"(
type Query {
  "A greeting."
  hello(name: String): String
  "Sleeps for ms milliseconds on the thread that runs the request."
  slow(ms: Int!): String
  "Always fails with a field error."
  fail: String
}
type Mutation {
  setGreeting(text: String!): String
}
)";

} // namespace

std::shared_ptr<Service> makeTestService(bool onExecutors)
{
    auto schema = std::make_shared<Schema>(Schema::fromSdl(QString::fromUtf8(sdl)));
    schema->setResolver(
        u"Query", u"hello", [](const QVariant &, const QVariantMap &args, const ResolveInfo &) {
            const QString name = args.value(QStringLiteral("name")).toString();
            return QVariant(
                QStringLiteral("Hello, %1!").arg(name.isEmpty() ? QStringLiteral("world") : name));
        });
    schema->setResolver(u"Query", u"slow",
                        [](const QVariant &, const QVariantMap &args, const ResolveInfo &) {
                            const int ms = args.value(QStringLiteral("ms")).toInt();
                            QThread::msleep(ulong(qBound(0, ms, 10000)));
                            return QVariant(QStringLiteral("slept %1 ms").arg(ms));
                        });
    schema->setResolver(u"Query", u"fail",
                        [](const QVariant &, const QVariantMap &, const ResolveInfo &) -> QVariant {
                            throw FieldError(QStringLiteral("This field always fails."),
                                             {{QStringLiteral("code"), QStringLiteral("FAIL")}});
                        });
    auto greeting = std::make_shared<QString>();
    auto mutex = std::make_shared<QMutex>();
    schema->setResolver(
        u"Mutation", u"setGreeting",
        [greeting, mutex](const QVariant &, const QVariantMap &args, const ResolveInfo &) {
            QMutexLocker lock(mutex.get());
            *greeting = args.value(QStringLiteral("text")).toString();
            return QVariant(*greeting);
        });

    auto service = std::make_shared<Service>(schema);
    if (onExecutors) {
        RexOrm::DatabaseConfig config =
            RexOrm::DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:"));
        config.executorThreads = 4;
        service->setDatabase(RexOrm::Database(config));
    }
    return service;
}
