#pragma once

#include <edit/changeapplier.h>
#include <edit/editbuffer.h>

#include <rexorm/changes/changeevent.h>
#include <rexorm/graphql/liveapi.h>

#include <QtCore/QAbstractTableModel>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QPointer>
#include <QtCore/QSet>

class QTimer;
class QUndoStack;

namespace RexOrm::Admin {

class Session;

// One entity's rows for a QTableView, read in windows around the visible range. Nothing ever
// loads the whole table: the first page shows before the row count is known (the count runs
// beside it), each page is one SQL statement through the generated GraphQL API (so a column's
// filter is a GraphQL `where`), and every answer carries the generation of the query it was
// asked for, so answers to an older filter or sort are dropped. Pending edits (EditBuffer) are
// shown over the stored values; new rows follow the stored ones. Changes committed anywhere
// re-read the pages in view and briefly highlight the rows that changed.
class RowsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        KeyRole = Qt::UserRole + 1, // the row's RowKey (empty for new or unread rows)
        StateRole,                  // RowState
        ValueRole,                  // the value in the column's type (pending or stored)
        ReferenceRole, // foreign keys: {"entity": target, "where": {field: {eq: value}}}
        NullRole,      // true when the value is NULL
    };
    enum RowState { Stored, Loading, Edited, Inserted, Deleted, Conflict };
    Q_ENUM(RowState)
    static constexpr int pageSize = 200;
    static constexpr int maxCachedPages = 64;

    explicit RowsModel(Session *session, QObject *parent = nullptr);
    ~RowsModel() override;

    // Shows entity's rows; baseWhere is a fixed condition (a relation's rows) ANDed to filters.
    void setEntity(const QString &entity, const QJsonObject &baseWhere = {});
    QString entity() const { return m_entity; }
    const EntityInfo *entityInfo() const;
    const ColumnInfo *columnInfo(int column) const;
    int columnOf(const QString &columnName) const;

    // Filters and sort, applied in SQL; each starts a new generation.
    bool setColumnFilter(int column, const QString &text, QString *error = nullptr);
    QString columnFilter(int column) const { return m_filterTexts.value(column); }
    void clearFilters();
    QJsonObject where() const;
    QJsonArray orderBy() const { return m_orderBy; }
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // The rows the view shows; the pages around them are read, others may be dropped.
    void setVisibleRows(int first, int last);
    void reload();  // everything again, same generation rules; pending edits stay
    void refresh(); // the pages in view and the count, highlighting rows that changed

    qint64 total() const { return m_total; }
    bool isTotalKnown() const { return m_totalKnown; }
    bool isLoading() const { return !m_pendingPages.isEmpty() || m_countPending; }
    QString error() const { return m_error; }
    quint64 generation() const { return m_generation; }
    // GraphQL root fields asked for so far; the generated API runs one SQL statement for each.
    int statementCount() const { return m_statements; }
    int cachedPageCount() const { return int(m_pages.size()); }

    RowKey keyAt(int row) const;
    QJsonObject rowAt(int row) const; // the stored row by field; empty when not read yet
    int insertIdAt(int row) const;    // the new row's id, or 0
    bool isLoaded(int row) const;
    int rowOfKey(const RowKey &key) const; // among the cached rows; -1 when not cached

    EditBuffer *edits() const { return m_edits; }
    QUndoStack *undoStack() const { return m_undo; }
    bool hasPendingEdits() const { return !m_edits->isEmpty(); }
    // Buffered, undoable edits.
    int insertRow(const QVariantMap &values = {}); // returns the model row of the new row
    int duplicateRow(int row);
    void deleteRows(const QList<int> &rows);
    bool setNull(const QModelIndex &index);
    // Writes every pending edit in one transaction (see applyEdits); applied() tells how it went.
    void apply(bool overwrite = false);
    void revert() override; // drops every pending edit
    // The conflicting rows' pending edits are dropped (their stored values win); the rest stay.
    void keepTheirs(const QList<RowKey> &keys);
    bool isApplying() const { return m_applying; }
    // No edits at all (the related rows under the main grid are shown read-only).
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    int rowOfInsert(int insertId) const; // the model row of a new row, or -1

    // QAbstractItemModel
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

signals:
    void loadingChanged();
    void totalChanged();
    void errorChanged();
    void entityChanged();
    void applied(const RexOrm::Admin::ApplyOutcome &outcome);
    void pendingEditsChanged();

private:
    struct Page
    {
        QList<QJsonObject> rows;
        QList<RowKey> keys;
    };
    struct Reference
    {
        QString column;       // on this entity
        QString targetEntity; // the referenced entity
        QString targetField;  // its key field
        QString labelField;   // a text field shown beside the value; may be empty
    };

    void bindEntity();
    void emitAllChanged(); // values or flags of every row may have changed
    void rebind();
    void resetQuery();
    void requestPage(qint64 page, bool refreshing = false);
    void requestCount();
    void pageArrived(quint64 generation, qint64 page, const QJsonObject &response, bool refreshing);
    void setRowCount(qint64 rows);
    void setError(const QString &error);
    void touchPage(qint64 page);
    void evictPages();
    void syncInsertRows();
    void onEditsChanged();
    void revalidate();
    void onChange(const RexOrm::ChangeEvent &event, const QString &entity);
    void requestLabels(const QList<QJsonObject> &rows);
    RowKey keyOf(const QJsonObject &row) const;
    QString fieldOf(int column) const;
    QVariant storedValue(int row, int column) const;
    std::optional<QVariant> pendingValue(int row, int column) const;
    void expireHighlights();

    QPointer<Session> m_session;
    QString m_entity;
    std::optional<GraphQL::EntityNames> m_names;
    QList<const ColumnInfo *> m_columns;
    QStringList m_keyFields;
    QJsonObject m_baseWhere;
    QHash<int, QString> m_filterTexts;
    QHash<int, QJsonObject> m_filters;
    QJsonArray m_orderBy;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QString m_listQuery;
    QString m_countQuery;

    quint64 m_generation = 0;
    qint64 m_rowCount = 0; // stored rows the view sees
    qint64 m_total = 0;
    bool m_totalKnown = false;
    bool m_countPending = false;
    QHash<qint64, Page> m_pages;
    QList<qint64> m_pageUse; // least recently used first
    QSet<qint64> m_pendingPages;
    int m_firstVisible = 0;
    int m_lastVisible = 0;
    int m_statements = 0;
    QString m_error;

    QList<Reference> m_references;
    QHash<QString, QHash<QString, QString>> m_labels; // column -> value -> label
    QHash<QString, QSet<QString>> m_labelsAsked;
    quint64 m_entityGeneration = 0; // labels outlive a new filter or sort, not a new entity

    QSet<RowKey> m_changedKeys; // from events, until the refreshed pages arrive
    QHash<RowKey, QDeadlineTimer> m_highlights;
    QTimer *m_refreshTimer;
    QTimer *m_highlightTimer;

    EditBuffer *m_edits;
    QUndoStack *m_undo;
    QList<int> m_shownInserts; // insert ids, in row order after the stored rows
    bool m_applying = false;
    bool m_validating = false;
    bool m_readOnly = false;
    quint64 m_countRequest = 0;   // the newest count asked for; older answers are dropped
    QSet<qint64> m_staleInFlight; // pages being read when a change came: read again
    // Text that is no value of its column ("abc" for a number), by (row key, column); such
    // input is never buffered.
    QHash<std::pair<QString, QString>, QString> m_inputErrors;
};

} // namespace RexOrm::Admin
