// Maintains creation and update times: on insert both columns (when the caller left them
// empty), on update the update column (unless the caller sets it). Settings in rexorm.json:
//     "pluginSettings": {"timestamps": {"createdColumn": "created_at",
//                                       "updatedColumn": "updated_at"}}
#include <rexorm/plugins/plugin.h>

#include <QtCore/QObject>

namespace {

class TimestampsPlugin : public QObject, public RexOrm::Plugin, public RexOrm::ModelHooks
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID RexOrmPlugin_iid FILE "timestamps.json")
    Q_INTERFACES(RexOrm::Plugin RexOrm::ModelHooks)

public:
    QString name() const override { return QStringLiteral("timestamps"); }
    QString version() const override { return QStringLiteral("1.0.0"); }

    void initialize(const RexOrm::PluginContext &context) override
    {
        const auto setting = [&](const char *key, const char *fallback) {
            const QJsonValue value = context.settings().value(QLatin1String(key));
            if (!value.isUndefined() && (!value.isString() || value.toString().isEmpty()))
                throw RexOrm::Error(QStringLiteral("timestamps: setting \"%1\" must be a column "
                                                   "name")
                                        .arg(QLatin1String(key)));
            return value.toString(QLatin1String(fallback));
        };
        m_created = setting("createdColumn", "created_at");
        m_updated = setting("updatedColumn", "updated_at");
    }

    bool appliesTo(const RexOrm::EntityInfo &entity) const override
    {
        return entity.column(m_created) || entity.column(m_updated);
    }

    void beforeInsert(RexOrm::WriteOperation &operation) override
    {
        stamp(operation, m_created);
        stamp(operation, m_updated);
    }

    void beforeUpdate(RexOrm::WriteOperation &operation) override
    {
        if (!operation.values.contains(m_updated))
            stamp(operation, m_updated);
    }

private:
    static void stamp(RexOrm::WriteOperation &operation, const QString &name)
    {
        const RexOrm::ColumnInfo *column = operation.entity->column(name);
        if (column && !column->readOnly && operation.values.value(name).isNull())
            operation.values.insert(name, RexOrm::currentTimeValue(*column));
    }

    QString m_created;
    QString m_updated;
};

} // namespace

#include "timestampsplugin.moc"
