#include <rexorm/changes/changeevent.h>
#include <rexorm/migrations/migration.h>
#include <rexorm/plugins/plugin.h>

#include <QtCore/QDateTime>

namespace RexOrm {

WriteOperation::WriteOperation(Kind kind, const EntityInfo &entity, Database database)
    : kind(kind), entity(&entity), database(std::move(database)), request(RequestContext::current())
{}

void WriteOperation::rewriteAsUpdate(const QVariantMap &columns)
{
    if (kind != Delete)
        throw Error(QStringLiteral("Only a delete can be rewritten as an update (this is an %1)")
                        .arg(kindName(kind)));
    if (columns.isEmpty())
        throw Error(QStringLiteral("A delete rewritten as an update needs the columns to set"));
    values = columns;
    m_rewritten = true;
}

QString WriteOperation::kindName(Kind kind)
{
    static_assert(int(WriteOperation::Insert) == int(ChangeEvent::Insert) &&
                  int(WriteOperation::Update) == int(ChangeEvent::Update) &&
                  int(WriteOperation::Delete) == int(ChangeEvent::Delete));
    return ChangeEvent::operationName(static_cast<ChangeEvent::Operation>(kind));
}

QVariant currentTimeValue(const ColumnInfo &column)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    switch (column.type) {
    case ColumnType::Date:
        return now.date();
    case ColumnType::DateTime:
    case ColumnType::DateTimeTz:
        return now;
    default:
        return now.toString(Qt::ISODateWithMs);
    }
}

PluginContext::PluginContext(QString name, QJsonObject settings, Registry *registry)
    : m_name(std::move(name)), m_settings(std::move(settings)), m_registry(registry)
{}

Plugin::~Plugin() = default;
ModelHooks::~ModelHooks() = default;
QueryScopeProvider::~QueryScopeProvider() = default;
DialectProvider::~DialectProvider() = default;
GraphQLExtension::~GraphQLExtension() = default;
CommandProvider::~CommandProvider() = default;
ModelProvider::~ModelProvider() = default;

bool ModelHooks::appliesTo(const EntityInfo &) const
{
    return true;
}
void ModelHooks::beforeInsert(WriteOperation &) {}
void ModelHooks::afterInsert(const WriteOperation &) {}
void ModelHooks::beforeUpdate(WriteOperation &) {}
void ModelHooks::afterUpdate(const WriteOperation &) {}
void ModelHooks::beforeDelete(WriteOperation &) {}
void ModelHooks::afterDelete(const WriteOperation &) {}

QList<std::pair<QString, std::shared_ptr<Migration>>> ModelProvider::migrations() const
{
    return {};
}

} // namespace RexOrm
