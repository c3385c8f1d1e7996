#include "rowsmodel.h"
#include "columnfilter.h"

#include <edit/editcommands.h>
#include <edit/valueconversion.h>
#include <session/async.h>
#include <session/rowqueries.h>
#include <session/session.h>

#include <rexorm/meta/registry.h>
#include <rexorm/validation/validator.h>

#include <QtCore/QJsonDocument>
#include <QtCore/QTimer>
#include <QtGui/QBrush>
#include <QtGui/QColor>
#include <QtGui/QFont>
#include <QtGui/QPalette>
#include <QtGui/QUndoStack>
#include <QtWidgets/QApplication>

namespace RexOrm::Admin {

namespace {

constexpr int highlightMs = 2000;

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

// Blends the palette's highlight into the base colour: visible in light and dark themes.
QColor tint(const QColor &accent, int percent)
{
    const QColor base = QApplication::palette().color(QPalette::Base);
    const auto mix = [&](int a, int b) { return (a * percent + b * (100 - percent)) / 100; };
    return QColor(mix(accent.red(), base.red()), mix(accent.green(), base.green()),
                  mix(accent.blue(), base.blue()));
}

} // namespace

RowsModel::RowsModel(Session *session, QObject *parent)
    : QAbstractTableModel(parent), m_session(session), m_refreshTimer(new QTimer(this)),
      m_highlightTimer(new QTimer(this)), m_edits(new EditBuffer(this)),
      m_undo(new QUndoStack(this))
{
    qRegisterMetaType<RexOrm::Admin::ApplyOutcome>();
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(50); // one refresh for a burst of changes
    connect(m_refreshTimer, &QTimer::timeout, this, &RowsModel::refresh);
    m_highlightTimer->setInterval(250);
    connect(m_highlightTimer, &QTimer::timeout, this, &RowsModel::expireHighlights);
    connect(m_edits, &EditBuffer::changed, this, &RowsModel::onEditsChanged);
    connect(session, &Session::changed, this, &RowsModel::onChange);
    connect(session, &Session::gap, this, [this] { m_refreshTimer->start(); });
    connect(session, &Session::closed, this, [this] { setEntity({}); });
    connect(session, &Session::opened, this, &RowsModel::rebind);
}

RowsModel::~RowsModel() = default;

const EntityInfo *RowsModel::entityInfo() const
{
    return m_session && !m_entity.isEmpty() ? m_session->entity(m_entity) : nullptr;
}

const ColumnInfo *RowsModel::columnInfo(int column) const
{
    return column >= 0 && column < m_columns.size() ? m_columns.at(column) : nullptr;
}

int RowsModel::columnOf(const QString &columnName) const
{
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columns.at(i)->name == columnName)
            return i;
    }
    return -1;
}

QString RowsModel::fieldOf(int column) const
{
    return m_names ? m_names->fields.value(column).second : QString();
}

void RowsModel::setEntity(const QString &entity, const QJsonObject &baseWhere)
{
    // Clearing the edits first, outside the reset: their new rows leave with their own signals.
    m_inputErrors.clear();
    m_edits->clear();
    m_undo->clear();
    beginResetModel();
    m_entity = entity;
    m_baseWhere = baseWhere;
    m_filterTexts.clear();
    m_filters.clear();
    m_orderBy = {};
    m_sortColumn = -1;
    m_labels.clear();
    m_labelsAsked.clear();
    ++m_entityGeneration;
    m_shownInserts.clear();
    bindEntity();
    resetQuery();
    endResetModel();
    emit entityChanged();
    if (!m_entity.isEmpty()) {
        requestPage(0);
        requestCount();
    }
}

void RowsModel::bindEntity()
{
    m_names.reset();
    m_columns.clear();
    m_keyFields.clear();
    m_references.clear();
    const EntityInfo *info = entityInfo();
    if (info)
        m_names = m_session->names(m_entity);
    if (!info || !m_names) {
        m_entity.clear();
        return;
    }
    for (const auto &[column, field] : m_names->fields)
        m_columns << info->column(column);
    for (const QString &key : info->primaryKey)
        m_keyFields << m_names->fieldOf(key);
    const Registry *registry = m_session->registry();
    for (const ForeignKeyInfo &fk : info->foreignKeys) {
        if (fk.columns.size() != 1 || m_names->fieldOf(fk.columns.first()).isEmpty())
            continue;
        const EntityInfo *target = registry->findByTable(fk.referencedTable);
        const auto targetNames = target ? m_session->names(target->name) : std::nullopt;
        if (!targetNames)
            continue;
        Reference reference;
        reference.column = fk.columns.first();
        reference.targetEntity = target->name;
        reference.targetField = targetNames->fieldOf(fk.referencedColumns.value(0));
        reference.labelField = labelField(*target, *targetNames);
        if (!reference.targetField.isEmpty())
            m_references << reference;
    }
    QStringList fields;
    for (const auto &[column, field] : m_names->fields)
        fields << field;
    m_listQuery = rowsDocument(*m_names, fields);
    m_countQuery = countDocument(*m_names);
}

// The session opened again (the schema was reloaded, migrations ran): the metadata the model
// points into is new. The same entity stays shown with its pending edits (they are by column
// name and key) when its columns are still there; otherwise it starts afresh.
void RowsModel::rebind()
{
    if (m_entity.isEmpty())
        return;
    const QList<std::pair<QString, QString>> before =
        m_names ? m_names->fields : QList<std::pair<QString, QString>>();
    const auto names = m_session ? m_session->names(m_entity) : std::nullopt;
    if (!names || names->fields != before) {
        setEntity(names ? m_entity : QString(), m_baseWhere);
        return;
    }
    beginResetModel();
    ++m_entityGeneration;
    m_labels.clear();
    m_labelsAsked.clear();
    bindEntity();
    resetQuery();
    m_shownInserts.clear();
    for (const EditBuffer::Insert &insert : m_edits->inserts())
        m_shownInserts << insert.id;
    endResetModel();
    requestPage(0);
    requestCount();
}

void RowsModel::resetQuery()
{
    ++m_generation; // answers to the previous query are dropped
    m_pages.clear();
    m_pageUse.clear();
    m_pendingPages.clear();
    m_staleInFlight.clear();
    m_countPending = false;
    m_rowCount = 0;
    m_total = 0;
    m_totalKnown = false;
    m_changedKeys.clear();
    m_highlights.clear();
    setError({});
    emit totalChanged();
    emit loadingChanged();
}

void RowsModel::reload()
{
    if (m_entity.isEmpty())
        return;
    beginResetModel();
    resetQuery();
    m_shownInserts.clear();
    for (const EditBuffer::Insert &insert : m_edits->inserts())
        m_shownInserts << insert.id;
    endResetModel();
    requestPage(0);
    requestCount();
}

QJsonObject RowsModel::where() const
{
    QJsonArray conditions;
    if (!m_baseWhere.isEmpty())
        conditions.append(m_baseWhere);
    for (auto it = m_filters.constBegin(); it != m_filters.constEnd(); ++it) {
        if (!it.value().isEmpty())
            conditions.append(QJsonObject{{fieldOf(it.key()), it.value()}});
    }
    if (conditions.isEmpty())
        return {};
    if (conditions.size() == 1)
        return conditions.first().toObject();
    return QJsonObject{{QStringLiteral("and"), conditions}};
}

bool RowsModel::setColumnFilter(int column, const QString &text, QString *error)
{
    const ColumnInfo *info = columnInfo(column);
    if (!info)
        return false;
    QString why;
    const auto filter = parseColumnFilter(*info, text, &why);
    if (!filter) {
        if (error)
            *error = why;
        return false;
    }
    if (m_filterTexts.value(column) == text.trimmed())
        return true;
    if (text.trimmed().isEmpty()) {
        m_filterTexts.remove(column);
        m_filters.remove(column);
    } else {
        m_filterTexts.insert(column, text.trimmed());
        m_filters.insert(column, *filter);
    }
    emit headerDataChanged(Qt::Horizontal, column, column);
    reload();
    return true;
}

void RowsModel::clearFilters()
{
    if (m_filters.isEmpty())
        return;
    m_filters.clear();
    m_filterTexts.clear();
    emit headerDataChanged(Qt::Horizontal, 0, std::max(0, columnCount() - 1));
    reload();
}

void RowsModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_columns.size())
        column = -1;
    // The view asks again when its header is reset (a new entity): nothing to read then.
    if (column == m_sortColumn && (column == -1 || order == m_sortOrder))
        return;
    if (column == -1) {
        m_orderBy = {};
        m_sortColumn = -1;
    } else {
        m_sortColumn = column;
        m_sortOrder = order;
        m_orderBy = QJsonArray{QJsonObject{
            {QStringLiteral("field"), fieldOf(column)},
            {QStringLiteral("direction"),
             order == Qt::AscendingOrder ? QStringLiteral("ASC") : QStringLiteral("DESC")}}};
    }
    reload();
}

void RowsModel::setVisibleRows(int first, int last)
{
    m_firstVisible = std::max(0, first);
    m_lastVisible = std::max(m_firstVisible, last);
    if (m_entity.isEmpty() || m_rowCount == 0)
        return;
    // The pages in view and one on each side: scrolling a little never waits.
    const qint64 lastStored = std::min<qint64>(m_lastVisible, m_rowCount - 1);
    const qint64 firstPage = std::max<qint64>(0, m_firstVisible / pageSize - 1);
    const qint64 lastPage =
        std::min<qint64>((m_rowCount - 1) / pageSize, lastStored / pageSize + 1);
    for (qint64 page = firstPage; page <= lastPage; ++page) {
        if (m_pages.contains(page))
            touchPage(page);
        else
            requestPage(page);
    }
}

void RowsModel::requestPage(qint64 page, bool refreshing)
{
    if (!m_session || m_entity.isEmpty() || m_pendingPages.contains(page))
        return;
    m_pendingPages.insert(page);
    ++m_statements;
    const quint64 generation = m_generation;
    const QJsonObject variables = rowsVariables(where(), m_orderBy, pageSize, page * pageSize);
    if (m_pendingPages.size() == 1)
        emit loadingChanged();
    whenFinished(
        m_session->request(m_listQuery, variables), this,
        [this, generation, page, refreshing](const QJsonObject &response) {
            pageArrived(generation, page, response, refreshing);
        },
        [this, generation, page](const QString &message) {
            if (generation != m_generation)
                return;
            m_pendingPages.remove(page);
            setError(message);
            emit loadingChanged();
        });
}

void RowsModel::requestCount()
{
    if (!m_session || m_entity.isEmpty())
        return;
    m_countPending = true;
    ++m_statements;
    const quint64 generation = m_generation;
    const quint64 request = ++m_countRequest; // executors may answer counts out of order
    whenFinished(
        m_session->request(m_countQuery, rowsVariables(where())), this,
        [this, generation, request](const QJsonObject &response) {
            if (generation != m_generation || request != m_countRequest)
                return;
            m_countPending = false;
            if (const QString errors = responseErrors(response); !errors.isEmpty()) {
                setError(errors);
            } else {
                const qint64 total = responseData(response, QStringLiteral("total"))
                                         .toObject()
                                         .value(QStringLiteral("count"))
                                         .toInteger();
                m_totalKnown = true;
                setRowCount(total);
                setVisibleRows(m_firstVisible, m_lastVisible);
            }
            emit loadingChanged();
        },
        [this, generation, request](const QString &message) {
            if (generation != m_generation || request != m_countRequest)
                return;
            m_countPending = false;
            setError(message);
            emit loadingChanged();
        });
}

void RowsModel::pageArrived(quint64 generation, qint64 page, const QJsonObject &response,
                            bool refreshing)
{
    if (generation != m_generation)
        return; // an answer to an older filter or sort
    m_pendingPages.remove(page);
    if (const QString errors = responseErrors(response); !errors.isEmpty()) {
        setError(errors);
        emit loadingChanged();
        return;
    }
    const QJsonArray rows = responseData(response, QStringLiteral("rows")).toArray();
    Page fresh;
    for (const QJsonValue &row : rows) {
        fresh.rows << row.toObject();
        fresh.keys << keyOf(row.toObject());
    }
    const Page old = m_pages.value(page);
    m_pages.insert(page, fresh);
    touchPage(page);
    evictPages(); // before anyone hears of the page: the cache never holds more than its bound
    const qint64 first = page * pageSize;
    if (!m_totalKnown) {
        // Until the count arrives, the view shows what has been read (and knows the end when a
        // page comes back short).
        const qint64 seen = first + fresh.rows.size();
        if (fresh.rows.size() < pageSize || seen > m_rowCount)
            setRowCount(std::max(m_rowCount, seen));
    } else if (first + fresh.rows.size() < std::min<qint64>(first + pageSize, m_rowCount) &&
               !m_countPending) {
        // Shorter than the count says: rows went away unseen (no triggers). Count again;
        // data() does not ask for a page it holds, so this never loops.
        requestCount();
    }
    if (refreshing) {
        const QDeadlineTimer until(highlightMs);
        for (qsizetype i = 0; i < fresh.rows.size(); ++i) {
            const bool differs = i >= old.rows.size() || old.rows.at(i) != fresh.rows.at(i);
            if (differs || m_changedKeys.contains(fresh.keys.at(i)))
                m_highlights.insert(fresh.keys.at(i), until);
            if (m_edits->touches(fresh.keys.at(i)) && m_changedKeys.contains(fresh.keys.at(i)))
                m_edits->setConflict(fresh.keys.at(i), true);
        }
        if (!m_highlights.isEmpty())
            m_highlightTimer->start();
    }
    const qint64 last = std::min<qint64>(first + pageSize, m_rowCount) - 1;
    if (last >= first)
        emit dataChanged(index(int(first), 0), index(int(last), columnCount() - 1));
    if (m_pendingPages.isEmpty()) {
        m_changedKeys.clear();
        emit loadingChanged();
    }
    requestLabels(fresh.rows);
    if (m_staleInFlight.remove(page))
        requestPage(page, true);
}

void RowsModel::setRowCount(qint64 rows)
{
    const bool totalChangedNow = rows != m_total;
    m_total = rows;
    if (rows > m_rowCount) {
        beginInsertRows({}, int(m_rowCount), int(rows - 1));
        m_rowCount = rows;
        endInsertRows();
    } else if (rows < m_rowCount) {
        beginRemoveRows({}, int(rows), int(m_rowCount - 1));
        m_rowCount = rows;
        endRemoveRows();
        const qint64 lastPage = rows == 0 ? -1 : (rows - 1) / pageSize;
        for (auto it = m_pages.begin(); it != m_pages.end();) {
            if (it.key() > lastPage) {
                m_pageUse.removeAll(it.key());
                it = m_pages.erase(it);
            } else {
                ++it;
            }
        }
    }
    if (totalChangedNow)
        emit totalChanged();
}

void RowsModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    emit errorChanged();
}

void RowsModel::touchPage(qint64 page)
{
    m_pageUse.removeAll(page);
    m_pageUse.append(page);
}

void RowsModel::evictPages()
{
    const qint64 firstKept = m_firstVisible / pageSize - 1;
    const qint64 lastKept = m_lastVisible / pageSize + 1;
    for (qsizetype i = 0; m_pages.size() > maxCachedPages && i < m_pageUse.size();) {
        const qint64 page = m_pageUse.at(i);
        if (page >= firstKept && page <= lastKept) {
            ++i;
            continue;
        }
        m_pageUse.removeAt(i);
        m_pages.remove(page);
    }
}

void RowsModel::refresh()
{
    if (m_entity.isEmpty())
        return;
    const qint64 firstKept = m_firstVisible / pageSize - 1;
    const qint64 lastKept = m_lastVisible / pageSize + 1;
    for (auto it = m_pages.begin(); it != m_pages.end();) {
        if (it.key() < firstKept || it.key() > lastKept) {
            m_pageUse.removeAll(it.key());
            it = m_pages.erase(it); // read again when scrolled to
        } else {
            ++it;
        }
    }
    // A page being read may have been read before the change committed: read it once more.
    for (qint64 page : std::as_const(m_pendingPages))
        m_staleInFlight.insert(page);
    const QList<qint64> pages = m_pages.keys();
    for (qint64 page : pages)
        requestPage(page, true);
    if (pages.isEmpty())
        requestPage(0, true);
    requestCount();
}

void RowsModel::onChange(const ChangeEvent &event, const QString &entity)
{
    if (m_entity.isEmpty() || (!entity.isEmpty() && entity != m_entity))
        return;
    if (entity.isEmpty() && !event.isUnknownWrite())
        return; // another table
    if (!event.primaryKey.isEmpty() && m_session && m_session->live()) {
        const QJsonObject fields = m_session->live()->toFields(m_entity, event.primaryKey);
        QJsonArray key;
        for (const QString &field : std::as_const(m_keyFields))
            key.append(fields.value(field));
        const RowKey changed = compact(key);
        m_changedKeys.insert(changed);
        if (m_edits->touches(changed))
            m_edits->setConflict(changed, true);
    }
    m_refreshTimer->start();
}

void RowsModel::expireHighlights()
{
    QList<RowKey> expired;
    for (auto it = m_highlights.begin(); it != m_highlights.end();) {
        if (it->hasExpired()) {
            expired << it.key();
            it = m_highlights.erase(it);
        } else {
            ++it;
        }
    }
    if (m_highlights.isEmpty())
        m_highlightTimer->stop();
    for (const RowKey &key : std::as_const(expired)) {
        if (const int row = rowOfKey(key); row >= 0)
            emit dataChanged(index(row, 0), index(row, columnCount() - 1));
    }
}

RowKey RowsModel::keyOf(const QJsonObject &row) const
{
    if (m_keyFields.isEmpty())
        return {};
    QJsonArray key;
    for (const QString &field : m_keyFields)
        key.append(row.value(field));
    return compact(key);
}

RowKey RowsModel::keyAt(int row) const
{
    if (row < 0 || row >= m_rowCount)
        return {};
    const auto it = m_pages.constFind(row / pageSize);
    if (it == m_pages.constEnd() || row % pageSize >= it->keys.size())
        return {};
    return it->keys.at(row % pageSize);
}

QJsonObject RowsModel::rowAt(int row) const
{
    if (row < 0 || row >= m_rowCount)
        return {};
    const auto it = m_pages.constFind(row / pageSize);
    if (it == m_pages.constEnd() || row % pageSize >= it->rows.size())
        return {};
    return it->rows.at(row % pageSize);
}

bool RowsModel::isLoaded(int row) const
{
    return row >= m_rowCount ? row < rowCount() : !rowAt(row).isEmpty();
}

int RowsModel::insertIdAt(int row) const
{
    const qint64 i = row - m_rowCount;
    return i >= 0 && i < m_shownInserts.size() ? m_shownInserts.at(i) : 0;
}

int RowsModel::rowOfKey(const RowKey &key) const
{
    for (auto it = m_pages.constBegin(); it != m_pages.constEnd(); ++it) {
        if (const qsizetype i = it->keys.indexOf(key); i >= 0)
            return int(it.key() * pageSize + i);
    }
    return -1;
}

QVariant RowsModel::storedValue(int row, int column) const
{
    const QJsonObject fields = rowAt(row);
    if (fields.isEmpty())
        return {};
    return fromApiValue(*m_columns.at(column), fields.value(fieldOf(column)));
}

std::optional<QVariant> RowsModel::pendingValue(int row, int column) const
{
    const QString name = m_columns.at(column)->name;
    if (const int id = insertIdAt(row)) {
        const EditBuffer::Insert *insert = m_edits->insert(id);
        if (insert && insert->values.contains(name))
            return insert->values.value(name);
        return std::nullopt;
    }
    const RowKey key = keyAt(row);
    return key.isEmpty() ? std::nullopt : m_edits->value(key, name);
}

int RowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rowCount + m_shownInserts.size());
}

int RowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant RowsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    const int insertId = insertIdAt(row);
    const bool stored = insertId == 0;
    if (stored && !isLoaded(row)) {
        // Asked for by the view: read its page (data() is const for Qt, not for the cache).
        if (!m_pages.contains(row / pageSize))
            const_cast<RowsModel *>(this)->requestPage(row / pageSize);
        if (role == Qt::DisplayRole)
            return tr("…");
        if (role == StateRole)
            return Loading;
        return {};
    }
    const RowKey key = stored ? keyAt(row) : EditBuffer::insertRow(insertId);
    const ColumnInfo &info = *m_columns.at(column);
    const std::optional<QVariant> pending = pendingValue(row, column);
    const QVariant value = pending ? *pending : stored ? storedValue(row, column) : QVariant();
    QStringList errors = m_edits->errors(key, info.name);
    if (const auto input = m_inputErrors.constFind({key, info.name});
        input != m_inputErrors.constEnd())
        errors.prepend(*input);
    switch (role) {
    case Qt::DisplayRole: {
        if (value.isNull())
            return stored || pending ? QStringLiteral("NULL") : QString();
        QString text = displayText(value);
        for (const Reference &reference : m_references) {
            if (reference.column == info.name) {
                const QString label = m_labels.value(info.name).value(text);
                if (!label.isEmpty())
                    text += QStringLiteral(" · ") + label;
            }
        }
        return text.size() > 500 ? text.left(500) + u'…' : text;
    }
    case Qt::EditRole:
        return value.isNull() ? QString() : displayText(value);
    case ValueRole:
        return value;
    case NullRole:
        return value.isNull();
    case KeyRole:
        return stored ? key : QString();
    case StateRole:
        if (!stored)
            return Inserted;
        if (m_edits->isConflict(key))
            return Conflict;
        if (m_edits->isDeleted(key))
            return Deleted;
        return m_edits->updates().contains(key) ? Edited : Stored;
    case ReferenceRole:
        for (const Reference &reference : m_references) {
            if (reference.column == info.name && !value.isNull()) {
                const QJsonValue json = rowAt(row).value(fieldOf(column));
                return QVariantMap{
                    {QStringLiteral("entity"), reference.targetEntity},
                    {QStringLiteral("where"),
                     QJsonObject{
                         {reference.targetField,
                          QJsonObject{{QStringLiteral("eq"),
                                       pending ? QJsonValue::fromVariant(*pending) : json}}}}
                         .toVariantMap()}};
            }
        }
        return {};
    case Qt::ToolTipRole:
        if (!errors.isEmpty())
            return errors.join(u'\n');
        if (stored && m_edits->isConflict(key))
            return tr("This row was changed elsewhere after you edited it.");
        return {};
    case Qt::FontRole: {
        if (!pending && !(stored && m_edits->isDeleted(key)) && !value.isNull())
            return {};
        QFont font;
        font.setItalic(value.isNull());
        font.setBold(pending.has_value());
        font.setStrikeOut(stored && m_edits->isDeleted(key));
        return font;
    }
    case Qt::ForegroundRole:
        if (!errors.isEmpty())
            return QBrush(QColor(0xd3, 0x2f, 0x2f));
        if (value.isNull())
            return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::BackgroundRole:
        if (!errors.isEmpty() || (stored && m_edits->isConflict(key)))
            return QBrush(tint(QColor(0xe5, 0x39, 0x35), 30));
        if (!stored || pending || m_edits->isDeleted(key))
            return QBrush(tint(QColor(0xfb, 0xc0, 0x2d), 30));
        if (m_highlights.contains(key))
            return QBrush(tint(QApplication::palette().color(QPalette::Highlight), 35));
        return {};
    default:
        return {};
    }
}

QVariant RowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role != Qt::DisplayRole || section < 0 || section >= rowCount())
            return {};
        return section < m_rowCount ? QString::number(section + 1) : QStringLiteral("*");
    }
    const ColumnInfo *info = columnInfo(section);
    if (!info)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return m_filterTexts.contains(section) ? info->name + QStringLiteral(" ⧩") : info->name;
    case Qt::ToolTipRole: {
        QStringList tip{tr("Type: %1")
                            .arg(info->databaseType.isEmpty() ? columnTypeName(info->type)
                                                              : info->databaseType)};
        if (info->primaryKey)
            tip << tr("Primary key");
        if (!info->nullable)
            tip << tr("Not null");
        if (m_filterTexts.contains(section))
            tip << tr("Filter: %1").arg(m_filterTexts.value(section));
        return tip.join(u'\n');
    }
    default:
        return {};
    }
}

Qt::ItemFlags RowsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    const EntityInfo *info = entityInfo();
    const ColumnInfo *column = columnInfo(index.column());
    // Nothing is edited while Apply runs: what it clears on success is what it wrote.
    if (m_readOnly || m_applying || !info || !column || !isLoaded(index.row()) ||
        !isEditable(*info, *column))
        return flags;
    const int insertId = insertIdAt(index.row());
    if (insertId == 0 && (column->primaryKey || m_edits->isDeleted(keyAt(index.row()))))
        return flags;
    return flags | Qt::ItemIsEditable;
}

bool RowsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable))
        return false;
    const ColumnInfo &column = *m_columns.at(index.column());
    QString conversionError;
    const std::optional<QVariant> converted = toColumnValue(column, value, &conversionError);
    const int insertId = insertIdAt(index.row());
    const RowKey key = insertId ? EditBuffer::insertRow(insertId) : keyAt(index.row());
    if (!converted) {
        m_inputErrors.insert({key, column.name}, conversionError);
        emit dataChanged(index, index);
        emit pendingEditsChanged();
        return false;
    }
    m_inputErrors.remove({key, column.name});
    const std::optional<QVariant> before = pendingValue(index.row(), index.column());
    std::optional<QVariant> after = converted;
    const QVariant stored = storedValue(index.row(), index.column());
    if (!insertId && stored == *converted && stored.isNull() == converted->isNull())
        after = std::nullopt; // back to the stored value
    if (before.has_value() == after.has_value() && (!before || *before == *after)) {
        emit dataChanged(index, index);
        return true;
    }
    m_undo->push(new SetValueCommand(m_edits, insertId ? RowKey() : key, rowAt(index.row()),
                                     insertId, column.name, before, after,
                                     tr("Edit %1").arg(column.name)));
    return true;
}

bool RowsModel::setNull(const QModelIndex &index)
{
    return setData(index, QVariant(), Qt::EditRole);
}

void RowsModel::onEditsChanged()
{
    if (m_validating)
        return;
    // Bad input of rows that are gone (an undone insert) or deleted can no longer be fixed.
    for (auto it = m_inputErrors.begin(); it != m_inputErrors.end();) {
        const QString &row = it.key().first;
        const bool gone = row.startsWith(QLatin1String("new:"))
                              ? !m_edits->insert(row.mid(4).toInt())
                              : m_edits->isDeleted(row);
        it = gone ? m_inputErrors.erase(it) : std::next(it);
    }
    revalidate();
    syncInsertRows();
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    emit pendingEditsChanged();
}

// The shared rules on every pending value, after each edit, undo or redo: a message shows
// beside a value as long as that value is pending, whichever way it got there.
void RowsModel::revalidate()
{
    const EntityInfo *info = entityInfo();
    if (!info)
        return;
    m_validating = true;
    const auto check = [&](const QString &row, const QVariantMap &values) {
        m_edits->setErrors(row,
                           Validator::check(*info, values, Validator::Mode::Update, values.keys()));
    };
    const auto updates = m_edits->updates();
    for (auto it = updates.constBegin(); it != updates.constEnd(); ++it)
        check(it.key(), it->values);
    for (const EditBuffer::Insert &insert : m_edits->inserts())
        check(EditBuffer::insertRow(insert.id), insert.values);
    m_validating = false;
}

void RowsModel::syncInsertRows()
{
    QList<int> wanted;
    for (const EditBuffer::Insert &insert : m_edits->inserts())
        wanted << insert.id;
    // Removed new rows first, then added ones at the end: rows never jump.
    for (qsizetype i = m_shownInserts.size() - 1; i >= 0; --i) {
        if (!wanted.contains(m_shownInserts.at(i))) {
            const int row = int(m_rowCount + i);
            beginRemoveRows({}, row, row);
            m_shownInserts.removeAt(i);
            endRemoveRows();
        }
    }
    for (int id : std::as_const(wanted)) {
        if (m_shownInserts.contains(id))
            continue;
        const int row = int(m_rowCount + m_shownInserts.size());
        beginInsertRows({}, row, row);
        m_shownInserts << id;
        endInsertRows();
    }
}

int RowsModel::insertRow(const QVariantMap &values)
{
    const EntityInfo *info = entityInfo();
    if (!info || info->readOnly || info->primaryKey.isEmpty() || m_readOnly || m_applying)
        return -1;
    auto *command = new InsertRowCommand(m_edits, values, tr("Insert row"));
    m_undo->push(command);
    return int(m_rowCount + m_shownInserts.indexOf(command->insertId()));
}

int RowsModel::duplicateRow(int row)
{
    const EntityInfo *info = entityInfo();
    if (!info || !isLoaded(row))
        return -1;
    QVariantMap values;
    for (int column = 0; column < m_columns.size(); ++column) {
        const ColumnInfo &c = *m_columns.at(column);
        if (c.autoIncrement || c.readOnly)
            continue;
        const std::optional<QVariant> pending = pendingValue(row, column);
        const QVariant value = pending ? *pending : storedValue(row, column);
        if (!value.isNull())
            values.insert(c.name, value);
    }
    return insertRow(values);
}

void RowsModel::deleteRows(const QList<int> &rows)
{
    if (m_readOnly || m_applying || !entityInfo() || entityInfo()->readOnly)
        return;
    QHash<RowKey, QJsonObject> stored;
    QList<int> inserted;
    for (int row : rows) {
        if (const int id = insertIdAt(row))
            inserted << id;
        else if (const RowKey key = keyAt(row); !key.isEmpty())
            stored.insert(key, rowAt(row));
    }
    if (stored.isEmpty() && inserted.isEmpty())
        return;
    m_undo->push(new DeleteRowsCommand(
        m_edits, stored, inserted,
        tr("Delete %n row(s)", nullptr, int(stored.size() + inserted.size()))));
}

void RowsModel::apply(bool overwrite)
{
    const EntityInfo *info = entityInfo();
    if (!info || m_applying || m_edits->isEmpty())
        return;
    // New rows are checked whole (Insert mode); nothing is sent while any rule fails.
    m_validating = true;
    for (const EditBuffer::Insert &insert : m_edits->inserts())
        m_edits->setErrors(EditBuffer::insertRow(insert.id),
                           Validator::check(*info, insert.values, Validator::Mode::Insert));
    m_validating = false;
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    if (m_edits->hasErrors() || !m_inputErrors.isEmpty()) {
        ApplyOutcome outcome;
        outcome.status = ApplyOutcome::Invalid;
        outcome.message = tr("Some values are not valid; they are marked in red.");
        emit applied(outcome);
        return;
    }
    ApplyPlan plan = ApplyPlan::of(m_entity, *m_edits);
    plan.overwrite = overwrite;
    m_applying = true;
    emitAllChanged(); // flags: nothing is editable until the answer
    ++m_statements;
    const quint64 generation = m_generation;
    whenFinished(
        applyEdits(*m_session, plan), this,
        [this, generation](const ApplyOutcome &outcome) {
            m_applying = false;
            emitAllChanged();
            if (generation != m_generation && outcome.status != ApplyOutcome::Applied) {
                emit applied(outcome);
                return;
            }
            switch (outcome.status) {
            case ApplyOutcome::Applied:
                m_edits->clear();
                m_undo->clear();
                reload();
                break;
            case ApplyOutcome::Conflicts:
                for (const RowKey &key : outcome.conflicts)
                    m_edits->setConflict(key, true);
                break;
            case ApplyOutcome::Invalid:
                m_validating = true; // the repository's (and hooks') verdict stands
                m_edits->setErrors(outcome.errorRow, outcome.errors);
                m_validating = false;
                if (rowCount() > 0 && columnCount() > 0)
                    emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
                break;
            case ApplyOutcome::Failed:
                break;
            }
            emit applied(outcome);
        },
        [this](const QString &message) {
            m_applying = false;
            emitAllChanged();
            ApplyOutcome outcome;
            outcome.message = message;
            emit applied(outcome);
        });
}

void RowsModel::emitAllChanged()
{
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

void RowsModel::setReadOnly(bool readOnly)
{
    if (readOnly == m_readOnly)
        return;
    m_readOnly = readOnly;
    if (readOnly)
        revert();
    emitAllChanged();
}

int RowsModel::rowOfInsert(int insertId) const
{
    const qsizetype i = m_shownInserts.indexOf(insertId);
    return i < 0 ? -1 : int(m_rowCount + i);
}

void RowsModel::revert()
{
    m_inputErrors.clear();
    m_edits->clear();
    m_undo->clear();
}

void RowsModel::keepTheirs(const QList<RowKey> &keys)
{
    for (const RowKey &key : keys)
        m_edits->dropRow(key);
    m_undo->clear(); // the dropped edits cannot be redone onto rows that changed
    refresh();
}

void RowsModel::requestLabels(const QList<QJsonObject> &rows)
{
    for (const Reference &reference : std::as_const(m_references)) {
        if (reference.labelField.isEmpty())
            continue;
        const int column = columnOf(reference.column);
        const QString field = fieldOf(column);
        QJsonArray missing;
        QSet<QString> &asked = m_labelsAsked[reference.column];
        for (const QJsonObject &row : rows) {
            const QJsonValue value = row.value(field);
            const QString text = displayText(value);
            if (value.isNull() || asked.contains(text))
                continue;
            asked.insert(text);
            missing.append(value);
        }
        const auto target = m_session->names(reference.targetEntity);
        if (missing.isEmpty() || !target)
            continue;
        ++m_statements;
        const QString query =
            QStringLiteral("query Labels($where: %1Where) { rows: %2(where: $where, limit: %3) "
                           "{ %4 %5 } }")
                .arg(target->typeName, target->listField, QString::number(missing.size()),
                     reference.targetField, reference.labelField);
        const QJsonObject variables{
            {QStringLiteral("where"),
             QJsonObject{{reference.targetField, QJsonObject{{QStringLiteral("in"), missing}}}}}};
        const quint64 generation = m_entityGeneration;
        whenFinished(
            m_session->request(query, variables), this,
            [this, reference, generation](const QJsonObject &response) {
                if (generation != m_entityGeneration)
                    return; // another entity's; a new filter or sort keeps the labels
                const QJsonArray found = response.value(QStringLiteral("data"))
                                             .toObject()
                                             .value(QStringLiteral("rows"))
                                             .toArray();
                QHash<QString, QString> &labels = m_labels[reference.column];
                for (const QJsonValue &row : found)
                    labels.insert(displayText(row.toObject().value(reference.targetField)),
                                  displayText(row.toObject().value(reference.labelField)));
                const int column = columnOf(reference.column);
                if (column >= 0 && m_rowCount > 0)
                    emit dataChanged(index(0, column), index(int(m_rowCount - 1), column),
                                     {Qt::DisplayRole});
            },
            [this, column = reference.column, missing, generation](const QString &) {
                // The plain value stays; the labels are asked for again with the next page.
                if (generation != m_entityGeneration)
                    return;
                for (const QJsonValue &value : missing)
                    m_labelsAsked[column].remove(displayText(value));
            });
    }
}

} // namespace RexOrm::Admin
