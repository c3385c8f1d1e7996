// Soft delete for entities with a deleted_at column (setting "column"): a delete sets the column
// to the current time instead, every repository query and the generated GraphQL API hide such
// rows (query scope "softDelete"), and GraphQL gets restore<Type>(key) mutations. Deleting a row
// that is already deleted (visible only with the scope lifted) removes it for good.
#include <rexorm/graphql/api.h>
#include <rexorm/graphql/execution.h>
#include <rexorm/graphql/liveapi.h>
#include <rexorm/graphql/parser.h>
#include <rexorm/graphql/schema.h>
#include <rexorm/meta/registry.h>
#include <rexorm/plugins/plugin.h>
#include <rexorm/plugins/softdelete.h>
#include <rexorm/query/query.h>

#include <QtCore/QObject>

namespace {

class SoftDeletePlugin : public QObject,
                         public RexOrm::Plugin,
                         public RexOrm::ModelHooks,
                         public RexOrm::QueryScopeProvider,
                         public RexOrm::GraphQLExtension
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID RexOrmPlugin_iid FILE "softdelete.json")
    Q_INTERFACES(
        RexOrm::Plugin RexOrm::ModelHooks RexOrm::QueryScopeProvider RexOrm::GraphQLExtension)

public:
    QString name() const override { return QStringLiteral("softdelete"); }
    QString version() const override { return QStringLiteral("1.0.0"); }

    void initialize(const RexOrm::PluginContext &context) override
    {
        const QJsonValue column = context.settings().value(QLatin1String("column"));
        if (!column.isUndefined() && (!column.isString() || column.toString().isEmpty()))
            throw RexOrm::Error(QStringLiteral("softdelete: setting \"column\" must be a column "
                                               "name"));
        m_column = column.toString(QStringLiteral("deleted_at"));
    }

    bool appliesTo(const RexOrm::EntityInfo &entity) const override
    {
        const RexOrm::ColumnInfo *column = entity.column(m_column);
        return column && column->nullable && !column->readOnly && !entity.readOnly;
    }

    void beforeDelete(RexOrm::WriteOperation &operation) override
    {
        if (!operation.oldRow.value(m_column).isNull())
            return; // deleted already: this delete is for good
        operation.rewriteAsUpdate(
            {{m_column, RexOrm::currentTimeValue(*operation.entity->column(m_column))}});
    }

    QList<RexOrm::QueryScope> queryScopes() const override
    {
        RexOrm::QueryScope scope;
        scope.name = RexOrm::SoftDelete::scopeName();
        scope.appliesTo = [this](const RexOrm::EntityInfo &entity) { return appliesTo(entity); };
        scope.apply = [column = m_column](RexOrm::Query &q, const RexOrm::EntityInfo &,
                                          const QString &prefix) { q.whereNull(prefix + column); };
        return {scope};
    }

    void extendSchema(RexOrm::GraphQL::Schema &schema, const RexOrm::GraphQL::LiveApi &api,
                      const RexOrm::Database &database,
                      const RexOrm::Registry &registry) const override
    {
        using namespace RexOrm;
        if (schema.mutationType().isEmpty())
            return;
        const GraphQL::NamedType *mutations = schema.type(schema.mutationType());
        for (const QString &entityName : registry.entityNames()) {
            const EntityInfo &entity = registry.entity(entityName);
            if (!appliesTo(entity) || entity.primaryKey.isEmpty() ||
                api.entityNamed(entityName) != entityName)
                continue; // not soft-deleted, or not exposed
            const QString typeName = api.typeName(entityName);
            const GraphQL::FieldDef *remove = mutations->field(QStringLiteral("delete") + typeName);
            if (!remove || remove->arguments.size() != size_t(entity.primaryKey.size()))
                continue; // read-only, or the key is not exposed
            GraphQL::FieldDef restore;
            restore.name = QStringLiteral("restore") + typeName;
            restore.description = QStringLiteral("Undoes the soft delete of the %1 with this key; "
                                                 "false when no deleted row has it.")
                                      .arg(typeName);
            restore.arguments = remove->arguments; // the key, as delete<Type> takes it
            restore.type = GraphQL::parseType(QStringLiteral("Boolean!"));
            auto repository = std::make_shared<EntityRepository>(database, entity, &registry);
            std::vector<QString> argumentNames;
            for (const GraphQL::InputValueDef &argument : remove->arguments)
                argumentNames.push_back(argument.name);
            restore.resolve = [repository, column = m_column, typeName,
                               argumentNames](const QVariant &, const QVariantMap &arguments,
                                              const GraphQL::ResolveInfo &info) {
                checkWriteAccess(info, repository->entity(), typeName);
                const EntityInfo &e = repository->entity();
                QVariantMap key; // delete<Type> takes the key columns in key order
                for (qsizetype i = 0; i < e.primaryKey.size(); ++i)
                    key.insert(e.primaryKey[i], arguments.value(argumentNames[size_t(i)]));
                const QVariant keyValue = key.size() == 1 ? key.first() : QVariant(key);
                const EntityRepository all = SoftDelete::withTrashed(*repository);
                const std::optional<Record> row = all.find(keyValue);
                if (!row || row->values().value(column).isNull())
                    return QVariant(false);
                all.update(keyValue, {{column, QVariant()}});
                return QVariant(true);
            };
            schema.addField(schema.mutationType(), std::move(restore));
        }
    }

private:
    // The caller's access rules, as the generated mutations apply them: write access to the
    // entity (listed by entity, type or table name), and no row filter, which a restore of a
    // hidden row could not honour.
    static void checkWriteAccess(const RexOrm::GraphQL::ResolveInfo &info,
                                 const RexOrm::EntityInfo &entity, const QString &typeName)
    {
        using namespace RexOrm::GraphQL;
        const QVariant value = info.context().value(QLatin1String(accessContextKey));
        if (!value.isValid())
            return;
        const Access access = value.value<Access>();
        const EntityAccess *rules = &access.defaults;
        for (const QString &name : {entity.name, typeName, entity.table}) {
            if (access.entities.contains(name)) {
                rules = &*access.entities.constFind(name);
                break;
            }
        }
        const QJsonObject forbidden{{QStringLiteral("code"), QStringLiteral("FORBIDDEN")}};
        if (!rules->read || !rules->write)
            throw FieldError(QStringLiteral("You may not write %1 rows.").arg(typeName), forbidden);
        if (!rules->where.isEmpty())
            throw FieldError(QStringLiteral("%1 rows are filtered for you; restoring one is not "
                                            "allowed under a row filter.")
                                 .arg(typeName),
                             forbidden);
    }

    QString m_column;
};

} // namespace

#include "softdeleteplugin.moc"
