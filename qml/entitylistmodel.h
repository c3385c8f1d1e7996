#pragma once

#include "qmldatabase.h"

#include <QtCore/QAbstractListModel>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtQml/QQmlEngine>

namespace RexOrm::Quick {

// The rows of one entity, live: a QAbstractListModel with one role per column (the GraphQL
// field names). It reads through the database's generated GraphQL API, so `where` and `orderBy`
// are the API's filter language: {title: {ilike: "%qt%"}}, [{field: "title", direction: "DESC"}].
// When data changes it emits exactly the signals the change calls for, never a reset: a new
// matching row is inserted at its sorted position, a row that stops matching is removed, a
// changed row emits dataChanged with only the roles that changed, a row whose sort key changed
// moves. Reads and writes run on the database's executor threads (or over HTTP): the GUI thread
// never waits for a model.
class EntityListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(
        RexOrm::Quick::QmlDatabase *database READ database WRITE setDatabase NOTIFY databaseChanged)
    Q_PROPERTY(QString entity READ entity WRITE setEntity NOTIFY entityChanged)
    Q_PROPERTY(QVariantMap where READ where WRITE setWhere NOTIFY whereChanged)
    Q_PROPERTY(QVariantList orderBy READ orderBy WRITE setOrderBy NOTIFY orderByChanged)
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY limitChanged)
    Q_PROPERTY(int offset READ offset WRITE setOffset NOTIFY offsetChanged)
    Q_PROPERTY(int total READ total NOTIFY totalChanged)
    Q_PROPERTY(bool live READ live WRITE setLive NOTIFY liveChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QStringList fields READ fields NOTIFY fieldsChanged)
    // Moves on every change of the rows or of a buffered edit: bindings that read get() depend
    // on it.
    Q_PROPERTY(int revision READ revision NOTIFY revisionChanged)

public:
    explicit EntityListModel(QObject *parent = nullptr);
    ~EntityListModel() override;

    QmlDatabase *database() const;
    void setDatabase(QmlDatabase *database); // default: the Database singleton
    QString entity() const { return m_entity; }
    void setEntity(const QString &entity); // entity name, GraphQL type name or table
    QVariantMap where() const { return m_where; }
    void setWhere(const QVariantMap &where);
    QVariantList orderBy() const { return m_orderBy; }
    void setOrderBy(const QVariantList &orderBy);
    int limit() const { return m_limit; }
    void setLimit(int limit); // rows loaded (default 100; a server allows its maxPageSize)
    // The window: the model holds the `limit` matching rows from `offset` on (in order), of
    // `total` rows that match in all. Moving the window diffs like a change does.
    int offset() const { return m_offset; }
    void setOffset(int offset);
    int total() const { return m_total; }
    bool live() const { return m_live; }
    void setLive(bool live);
    bool loading() const { return m_loading; }
    QString error() const { return m_error; }
    QStringList fields() const { return m_fields; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE QVariantMap get(int row) const;
    // A row's identity across moves: its key as text, and the row that has it now (-1: none).
    Q_INVOKABLE QString keyAt(int row) const;
    Q_INVOKABLE int rowOf(const QString &key) const;
    int revision() const { return m_revision; }
    // Buffers a change of one field; save(row) writes the row's buffered changes.
    Q_INVOKABLE bool setProperty(int row, const QString &field, const QVariant &value);
    // Writes the row's buffered changes (validated; saved() or saveFailed() follows).
    Q_INVOKABLE void save(int row);
    // Inserts a row (validated; saved() or saveFailed(-1, ...) follows). The row appears at its
    // sorted position once it is committed, if it matches.
    Q_INVOKABLE void append(const QVariantMap &values);
    // Deletes the row.
    Q_INVOKABLE void remove(int row);
    Q_INVOKABLE void reload();

signals:
    void databaseChanged();
    void entityChanged();
    void whereChanged();
    void orderByChanged();
    void limitChanged();
    void offsetChanged();
    void totalChanged();
    void liveChanged();
    void countChanged();
    void loadingChanged();
    void errorChanged();
    void fieldsChanged();
    void revisionChanged();
    // A write went through; row is the row written (-1 for append).
    void saved(int row);
    // A write was refused: message, and per field the validation messages ({"title": [...]}).
    void saveFailed(int row, const QString &message, const QVariantMap &fieldErrors);
    // Every reload and live refresh that finished (tests wait for it).
    void refreshed();

private:
    struct Shape; // the GraphQL names of the entity's type, fields and root fields
    void resolveShape(const QJsonObject &schema); // from introspection's __schema
    void scheduleRefresh();
    void refresh();
    void apply(const QList<QVariantMap> &rows);
    QString keyOf(const QVariantMap &row) const;
    void setLoading(bool loading);
    void setError(const QString &error);
    void write(int row, const QString &document, const QJsonObject &variables,
               const QVariantMap &sent = {});
    void forget(); // drops the rows and the names: another entity or database follows
    void onChange(const QString &entity);
    void attach(QmlDatabase *database);
    // Sets a property; on a change emits changed and reads again. False when unchanged.
    template<typename T> bool assign(T &member, const T &value, void (EntityListModel::*changed)());
    // The key of a row as GraphQL variables: "$id: Int!", "id: $id", {"id": 7}.
    struct KeyArguments
    {
        QStringList declarations;
        QStringList arguments;
        QJsonObject variables;
    };
    KeyArguments keyArguments(int row) const;

    QPointer<QmlDatabase> m_database;
    QPointer<QmlDatabase> m_attached; // whose signals the model follows
    bool m_databaseSet = false;
    QString m_entity;
    QVariantMap m_where;
    QVariantList m_orderBy;
    int m_limit = 100; // the generated API's default page size: a server allows it
    int m_offset = 0;
    int m_total = 0;
    int m_revision = 0;
    bool m_live = true;
    bool m_loading = false;
    QString m_error;
    QStringList m_fields;
    std::unique_ptr<Shape> m_shape;
    QList<QVariantMap> m_rows;
    QHash<int, QVariantMap> m_pending; // buffered edits by row
    quint64 m_generation = 0;          // answers of older requests are dropped
    bool m_inFlight = false;
    bool m_dirty = false;
    bool m_scheduled = false;
};

} // namespace RexOrm::Quick
