// An audit trail: every repository write of every entity (or of those listed in the setting
// "entities") adds a row to rex_audit_log in the same transaction, so a rolled-back change
// leaves no entry, and a change that cannot be recorded is not made. Hidden columns are never
// recorded. The table comes from the plugin's migration (rexorm migrate applies it once the
// plugin is enabled) and is the read-only AuditEntry entity.
#include <rexorm/meta/registry.h>
#include <rexorm/migrations/migration.h>
#include <rexorm/plugins/plugin.h>
#include <rexorm/query/query.h>

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QObject>

namespace {

const QString auditTable = QStringLiteral("rex_audit_log");

// One audit row: the entity other plugins and the generated API see.
struct AuditEntry
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "rex_audit_log")
    Q_CLASSINFO("rex.readOnly", "true") // written by the hooks only: no generated mutations
    Q_CLASSINFO("rex.column.id", "primaryKey autoIncrement")
    Q_CLASSINFO("rex.column.entity", "length=128 notNull")
    Q_CLASSINFO("rex.column.rowKey", "column=row_key type=text notNull")
    Q_CLASSINFO("rex.column.operation", "length=16 notNull")
    Q_CLASSINFO("rex.column.oldValues", "column=old_values type=text")
    Q_CLASSINFO("rex.column.newValues", "column=new_values type=text")
    Q_CLASSINFO("rex.column.actor", "length=255")
    Q_CLASSINFO("rex.column.requestId", "column=request_id length=64")
    Q_CLASSINFO("rex.column.changedAt", "column=changed_at notNull")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString entity MEMBER entity)
    Q_PROPERTY(QString rowKey MEMBER rowKey)
    Q_PROPERTY(QString operation MEMBER operation)
    Q_PROPERTY(QString oldValues MEMBER oldValues)
    Q_PROPERTY(QString newValues MEMBER newValues)
    Q_PROPERTY(QString actor MEMBER actor)
    Q_PROPERTY(QString requestId MEMBER requestId)
    Q_PROPERTY(QDateTime changedAt MEMBER changedAt)

public:
    qint64 id = 0;
    QString entity;
    QString rowKey;
    QString operation;
    QString oldValues;
    QString newValues;
    QString actor;
    QString requestId;
    QDateTime changedAt;
};

class CreateAuditLog : public RexOrm::Migration
{
public:
    void up(RexOrm::Schema &schema) override
    {
        schema.create(auditTable, [](RexOrm::Blueprint &t) {
            t.id();
            t.string(QStringLiteral("entity"), 128).notNull();
            t.text(QStringLiteral("row_key")).notNull();
            t.string(QStringLiteral("operation"), 16).notNull();
            t.text(QStringLiteral("old_values"));
            t.text(QStringLiteral("new_values"));
            t.string(QStringLiteral("actor"), 255);
            t.string(QStringLiteral("request_id"), 64);
            t.dateTime(QStringLiteral("changed_at")).notNull();
            t.index({QStringLiteral("entity"), QStringLiteral("changed_at")});
        });
    }
    void down(RexOrm::Schema &schema) override { schema.drop(auditTable); }
    QString checksum() const override { return QStringLiteral("auditlog-1"); }
};

class AuditLogPlugin : public QObject,
                       public RexOrm::Plugin,
                       public RexOrm::ModelHooks,
                       public RexOrm::ModelProvider
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID RexOrmPlugin_iid FILE "auditlog.json")
    Q_INTERFACES(RexOrm::Plugin RexOrm::ModelHooks RexOrm::ModelProvider)

public:
    QString name() const override { return QStringLiteral("auditlog"); }
    QString version() const override { return QStringLiteral("1.0.0"); }

    void initialize(const RexOrm::PluginContext &context) override
    {
        m_entities.clear();
        const QJsonValue entities = context.settings().value(QLatin1String("entities"));
        if (entities.isUndefined())
            return;
        if (!entities.isArray())
            throw RexOrm::Error(QStringLiteral("auditlog: setting \"entities\" must be an array "
                                               "of entity names"));
        for (const QJsonValue &entity : entities.toArray()) {
            if (!entity.isString())
                throw RexOrm::Error(QStringLiteral("auditlog: setting \"entities\" must be an "
                                                   "array of entity names"));
            m_entities << entity.toString();
        }
    }

    void registerModels(RexOrm::Registry &registry) const override
    {
        if (!registry.findByTable(auditTable))
            registry.registerModel<AuditEntry>();
    }

    QList<std::pair<QString, std::shared_ptr<RexOrm::Migration>>> migrations() const override
    {
        return {{QStringLiteral("20261127000000_auditlog_create_rex_audit_log"),
                 std::make_shared<CreateAuditLog>()}};
    }

    bool appliesTo(const RexOrm::EntityInfo &entity) const override
    {
        if (entity.table == auditTable)
            return false;
        return m_entities.isEmpty() || m_entities.contains(entity.name);
    }

    void afterInsert(const RexOrm::WriteOperation &operation) override
    {
        record(operation, {}, operation.newRow);
    }
    void afterUpdate(const RexOrm::WriteOperation &operation) override
    {
        record(operation, operation.oldRow, operation.newRow);
    }
    void afterDelete(const RexOrm::WriteOperation &operation) override
    {
        record(operation, operation.oldRow, {});
    }

private:
    static QVariant toJson(const RexOrm::EntityInfo &entity, const QVariantMap &row)
    {
        if (row.isEmpty())
            return QVariant(QMetaType::fromType<QString>());
        QJsonObject object;
        for (auto it = row.begin(); it != row.end(); ++it) {
            const RexOrm::ColumnInfo *column = entity.column(it.key());
            if (column && column->hidden)
                continue; // secrets stay out of the log
            object.insert(it.key(), it.value().isNull() ? QJsonValue(QJsonValue::Null)
                                                        : QJsonValue::fromVariant(it.value()));
        }
        return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    }

    static QVariant orNull(const QString &text)
    {
        return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
    }

    static void record(const RexOrm::WriteOperation &operation, const QVariantMap &oldRow,
                       const QVariantMap &newRow)
    {
        const RexOrm::EntityInfo &entity = *operation.entity;
        const RexOrm::RequestContext &request = operation.request;
        const QString actor = request.user.isEmpty() ? request.role : request.user;
        const RexOrm::Query insert =
            RexOrm::Query(auditTable)
                .insert(RexOrm::Fields{
                    {QStringLiteral("entity"), entity.name},
                    {QStringLiteral("row_key"), toJson(entity, operation.key)},
                    {QStringLiteral("operation"), RexOrm::WriteOperation::kindName(operation.kind)},
                    {QStringLiteral("old_values"), toJson(entity, oldRow)},
                    {QStringLiteral("new_values"), toJson(entity, newRow)},
                    {QStringLiteral("actor"), orNull(actor)},
                    {QStringLiteral("request_id"), orNull(request.requestId)},
                    {QStringLiteral("changed_at"), QDateTime::currentDateTimeUtc()},
                });
        try {
            insert.execute(operation.database);
        } catch (const RexOrm::DatabaseError &error) {
            throw RexOrm::Error(QStringLiteral("auditlog: the change to %1 was not made because "
                                               "it cannot be recorded in %2 (has `rexorm migrate` "
                                               "created it?): %3")
                                    .arg(entity.name, auditTable, error.message()));
        }
    }

    QStringList m_entities;
};

} // namespace

#include "auditlogplugin.moc"
