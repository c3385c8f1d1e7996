// A plugin built outside RexOrm's tree against the installed package: it needs the installed
// timestamps plugin and refuses rows whose name is "forbidden".
#include <rexorm/plugins/plugin.h>

#include <QtCore/QObject>

class ConsumerPlugin : public QObject, public RexOrm::Plugin, public RexOrm::ModelHooks
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID RexOrmPlugin_iid FILE "consumerplugin.json")
    Q_INTERFACES(RexOrm::Plugin RexOrm::ModelHooks)

public:
    QString name() const override { return QStringLiteral("consumer"); }
    QString version() const override { return QStringLiteral("0.1.0"); }
    void initialize(const RexOrm::PluginContext &) override {}
    void beforeInsert(RexOrm::WriteOperation &operation) override
    {
        if (operation.values.value(QStringLiteral("name")).toString() == u"forbidden")
            throw RexOrm::RefusedError(QStringLiteral("the consumer plugin refuses it"));
    }
};

#include "consumerplugin.moc"
