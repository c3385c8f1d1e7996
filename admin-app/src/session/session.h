#pragma once

#include <rexorm/changes/changeevent.h>
#include <rexorm/database/database.h>
#include <rexorm/graphql/liveapi.h>
#include <rexorm/graphql/service.h>
#include <rexorm/meta/registry.h>

#include <QtCore/QFuture>
#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <memory>
#include <optional>

class QThread;

namespace RexOrm {
class ChangeFeed;
}

namespace RexOrm::Admin {

// One open database in the admin application: its connection pool, the entities (compiled
// models from a model plugin, else the tables the schema inspector reads), the GraphQL API
// generated from them (the grids read through it, so a column filter is a GraphQL `where`) and
// the feed of committed changes. Opening runs on the database's executor threads; signals arrive
// on the GUI thread.
class Session : public QObject
{
    Q_OBJECT
public:
    struct State; // what one open database holds

    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    // Starts opening url (sqlite:///path, postgres://..., mysql://...; a plain file path means
    // SQLite). modelsPlugin, when set, is a RexOrm ModelProvider plugin whose models describe the
    // tables. Emits opened() or openFailed(message). The open database stays open until the new
    // one has opened.
    void open(const QString &url, const QString &modelsPlugin = {});
    void close();
    bool isOpen() const { return m_state != nullptr; }
    bool isOpening() const { return m_opening > m_opened; }

    const Database &database() const; // throws when closed
    QString displayUrl() const;       // the URL without its password
    QStringList entities() const;     // sorted by name
    const EntityInfo *entity(const QString &name) const;
    const Registry *registry() const;
    std::optional<GraphQL::EntityNames> names(const QString &entity) const;
    std::shared_ptr<const GraphQL::Service> graphql() const;
    std::shared_ptr<const GraphQL::LiveApi> live() const;
    // The entity a change belongs to, or empty.
    QString entityOf(const ChangeEvent &event) const;
    // Whether other clients' changes reach this session (triggers installed and listened to).
    QStringList liveTables() const { return m_liveTables; }
    QString liveError() const { return m_liveError; }

    // Starts listening again (after change triggers were installed or removed).
    void restartFeed();

    // Runs a GraphQL request on the executor threads; the response is the JSON of the spec
    // ({"data", "errors"}).
    QFuture<QJsonObject> request(const QString &query, const QJsonObject &variables = {}) const;

    // A plain file path is a SQLite database; everything else must be a URL.
    static QString normalizeUrl(const QString &input);

signals:
    void opened();
    void openFailed(const QString &message);
    void closed();
    // A committed change, from this application, another window or (with triggers) any client.
    void changed(const RexOrm::ChangeEvent &event, const QString &entity);
    // Changes may have been missed (a dropped listener): open views should re-read.
    void gap(const QString &reason);
    // liveTables() or liveError() changed.
    void liveStatusChanged();

private:
    void adopt(std::shared_ptr<State> state);
    void startFeed();
    void stopFeed();

    std::shared_ptr<State> m_state;
    quint64 m_opening = 0; // open() calls so far
    quint64 m_opened = 0;  // the last one that finished
    QThread *m_feedThread = nullptr;
    QList<QThread *> m_retiringFeeds; // stopped feeds' threads, ending
    QPointer<ChangeFeed> m_feed;
    quint64 m_feedGeneration = 0;
    QStringList m_liveTables;
    QString m_liveError;
};

} // namespace RexOrm::Admin
