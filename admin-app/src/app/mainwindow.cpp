#include "mainwindow.h"

#include <browse/entitiesmodel.h>
#include <browse/filterheader.h>
#include <browse/recordform.h>
#include <browse/rowsmodel.h>
#include <browse/rowsview.h>
#include <connect/connectdialog.h>
#include <connect/recentconnections.h>
#include <console/graphqlconsole.h>
#include <console/sqlconsole.h>
#include <edit/valueconversion.h>
#include <export/exportdialog.h>
#include <live/changefeedpanel.h>
#include <migrations/migrationspanel.h>
#include <schema/erdiagram.h>
#include <schema/schemaview.h>
#include <session/session.h>

#include <rexorm/graphql/schema.h>

#include <QtCore/QDir>
#include <QtCore/QJsonArray>
#include <QtCore/QSettings>
#include <QtCore/QSortFilterProxyModel>
#include <QtCore/QTimer>
#include <QtGui/QCloseEvent>
#include <QtGui/QShowEvent>
#include <QtGui/QUndoGroup>
#include <QtGui/QUndoStack>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListView>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QToolBar>
#include <QtWidgets/QVBoxLayout>

namespace RexOrm::Admin {

namespace {

// A filter box's text that selects exactly this value: eq: 42, eq: "AC/DC".
QString equalsFilter(const QJsonValue &value)
{
    if (value.isString())
        return QStringLiteral("eq: ") + GraphQL::printString(value.toString());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("eq: true") : QStringLiteral("eq: false");
    if (value.isNull())
        return QStringLiteral("isNull: true");
    return QStringLiteral("eq: ") + QString::number(value.toDouble(), 'g', 17);
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_session(new Session(this)),
      m_entities(new EntitiesModel(m_session, this)),
      m_entityFilter(new QSortFilterProxyModel(this)), m_entityList(new QListView(this)),
      m_entitySearch(new QLineEdit(this)), m_grid(new RowsView(m_session, this)),
      m_details(new QTabWidget(this)), m_form(new RecordForm(m_session, m_grid->rows(), this)),
      m_changes(new ChangeFeedPanel(m_session, this)),
      m_migrations(new MigrationsPanel(m_session, this)), m_schema(new SchemaView(m_session, this)),
      m_diagram(new ErDiagram(m_session, this)), m_sql(new SqlConsole(m_session, this)),
      m_graphql(new GraphQLConsole(m_session, this)), m_undo(new QUndoGroup(this)),
      m_rowsLabel(new QLabel(this)), m_errorLabel(new QLabel(this))
{
    setWindowTitle(tr("RexOrm Admin"));
    setObjectName(QStringLiteral("RexOrmAdminWindow"));

    // The entities, searchable.
    m_entityFilter->setSourceModel(m_entities);
    m_entityFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_entityFilter->setFilterRole(EntitiesModel::EntityRole);
    m_entityList->setModel(m_entityFilter);
    m_entityList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_entitySearch->setPlaceholderText(tr("Find an entity (Ctrl+K)"));
    m_entitySearch->setClearButtonEnabled(true);
    connect(m_entitySearch, &QLineEdit::textChanged, m_entityFilter,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_entityList->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &index) { entitySelected(index); });
    auto *sidebar = new QWidget(this);
    auto *sidebarLayout = new QVBoxLayout(sidebar);
    sidebarLayout->setContentsMargins(4, 4, 4, 4);
    sidebarLayout->addWidget(m_entitySearch);
    sidebarLayout->addWidget(m_entityList);
    auto *entitiesDock = new QDockWidget(tr("Entities"), this);
    entitiesDock->setObjectName(QStringLiteral("entitiesDock"));
    entitiesDock->setWidget(sidebar);
    entitiesDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, entitiesDock);

    // The rows, and below them the current row's form and related rows.
    auto *formScroll = new QScrollArea(this);
    formScroll->setWidget(m_form);
    formScroll->setWidgetResizable(true);
    m_details->addTab(formScroll, tr("Record"));
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("rowsSplitter"));
    splitter->addWidget(m_grid);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    setCentralWidget(splitter);
    m_undo->addStack(m_grid->rows()->undoStack());
    m_undo->setActiveStack(m_grid->rows()->undoStack());
    connect(m_grid, &RowsView::currentRowChanged, this, &MainWindow::currentRowChanged);
    connect(m_grid, &RowsView::referenceActivated, this, &MainWindow::showEntity);
    RowsModel *rows = m_grid->rows();
    connect(rows, &RowsModel::applied, this, &MainWindow::applied);
    connect(rows, &RowsModel::totalChanged, this, &MainWindow::updateStatus);
    connect(rows, &RowsModel::loadingChanged, this, &MainWindow::updateStatus);
    connect(rows, &RowsModel::errorChanged, this, &MainWindow::updateStatus);
    connect(rows, &RowsModel::pendingEditsChanged, this, &MainWindow::updateStatus);
    connect(rows, &RowsModel::entityChanged, this, &MainWindow::rebuildRelationTabs);
    // The current row's page may arrive (or change) after it became current.
    connect(rows, &QAbstractItemModel::dataChanged, this,
            [this] { updateRelationTabs(m_grid->currentRowNumber()); });

    createDocks();
    createActions();

    statusBar()->addWidget(m_rowsLabel, 1);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_errorLabel);

    connect(m_session, &Session::opened, this, &MainWindow::sessionOpened);
    connect(m_session, &Session::closed, this, &MainWindow::sessionClosed);
    connect(m_session, &Session::openFailed, this, [this](const QString &message) {
        m_errorLabel->setText(tr("Could not open the database: %1").arg(message));
        updateStatus();
    });

    updateStatus();
}

void MainWindow::restoreLayout()
{
    m_rememberLayout = true;
    const QSettings settings;
    m_layoutRestored =
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()) &&
        restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::applyDefaultLayout()
{
    QList<QDockWidget *> docks{findChild<QDockWidget *>(QStringLiteral("entitiesDock")),
                               m_docks.value(QStringLiteral("changes"))};
    const int entities = fontMetrics().horizontalAdvance(u'M') * 16;
    resizeDocks(docks, {entities, std::max(360, width() / 3)}, Qt::Horizontal);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_shown && !m_layoutRestored)
        QTimer::singleShot(0, this, &MainWindow::applyDefaultLayout);
    m_shown = true;
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    const auto addDock = [this](const QString &name, const QString &title, QWidget *widget,
                                Qt::DockWidgetArea area) {
        auto *dock = new QDockWidget(title, this);
        dock->setObjectName(name + QStringLiteral("Dock"));
        dock->setWidget(widget);
        addDockWidget(area, dock);
        m_docks.insert(name, dock);
        return dock;
    };
    auto *schemaTabs = new QTabWidget(this);
    schemaTabs->addTab(m_schema, tr("Entity"));
    schemaTabs->addTab(m_diagram, tr("Diagram"));
    QDockWidget *changes =
        addDock(QStringLiteral("changes"), tr("Changes"), m_changes, Qt::RightDockWidgetArea);
    QDockWidget *schema =
        addDock(QStringLiteral("schema"), tr("Schema"), schemaTabs, Qt::RightDockWidgetArea);
    QDockWidget *migrations = addDock(QStringLiteral("migrations"), tr("Migrations"), m_migrations,
                                      Qt::RightDockWidgetArea);
    tabifyDockWidget(changes, schema);
    tabifyDockWidget(schema, migrations);
    changes->raise();
    QDockWidget *sql = addDock(QStringLiteral("sql"), tr("SQL"), m_sql, Qt::BottomDockWidgetArea);
    QDockWidget *graphql =
        addDock(QStringLiteral("graphql"), tr("GraphQL"), m_graphql, Qt::BottomDockWidgetArea);
    tabifyDockWidget(sql, graphql);
    sql->hide();
    graphql->hide();
    connect(m_diagram, &ErDiagram::entityActivated, this,
            [this](const QString &entity) { showEntity(entity); });
    connect(m_schema, &SchemaView::entityActivated, this,
            [this](const QString &entity) { showEntity(entity); });
    connect(m_changes, &ChangeFeedPanel::rowActivated, this,
            [this](const QString &entity, const QVariantMap &key) {
                showEntity(entity, QJsonObject::fromVariantMap(
                                       m_session->live()
                                           ? m_session->live()->toFields(entity, key).toVariantMap()
                                           : QVariantMap()));
            });
    connect(m_migrations, &MigrationsPanel::schemaChanged, this, [this] {
        if (!m_url.isEmpty())
            m_session->open(m_url, m_modelsPlugin); // the new tables show in the sidebar
    });
}

void MainWindow::createActions()
{
    const auto action = [this](const QString &name, const QString &text,
                               const QKeySequence &shortcut, auto slot) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        if (!shortcut.isEmpty())
            a->setShortcut(shortcut);
        connect(a, &QAction::triggered, this, slot);
        m_actions.insert(name, a);
        return a;
    };
    QMenu *file = menuBar()->addMenu(tr("&Database"));
    file->addAction(action(QStringLiteral("open"), tr("&Open…"), QKeySequence::Open,
                           [this] { showConnectDialog(); }));
    file->addAction(action(QStringLiteral("reload"), tr("&Reload"), QKeySequence::Refresh, [this] {
        m_grid->rows()->reload();
        m_entities->refreshCounts();
    }));
    file->addAction(action(QStringLiteral("reloadSchema"), tr("Reload &schema"),
                           QKeySequence(Qt::SHIFT | Qt::Key_F5), [this] {
                               // New tables, columns or triggers: read the database again.
                               if (!m_url.isEmpty() && confirmDiscard())
                                   m_session->open(m_url, m_modelsPlugin);
                           }));
    file->addAction(action(QStringLiteral("export"), tr("&Export view…"),
                           QKeySequence(Qt::CTRL | Qt::Key_E), [this] {
                               RowsModel *rows = m_grid->rows();
                               if (rows->entity().isEmpty())
                                   return;
                               ExportDialog dialog(m_session, rows->entity(), this);
                               dialog.setWhere(rows->where());
                               dialog.setOrderBy(rows->orderBy());
                               dialog.exec();
                           }));
    file->addSeparator();
    file->addAction(
        action(QStringLiteral("quit"), tr("&Quit"), QKeySequence::Quit, [this] { close(); }));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_undo->createUndoAction(this);
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_undo->createRedoAction(this);
    redo->setShortcut(QKeySequence::Redo);
    m_actions.insert(QStringLiteral("undo"), undo);
    m_actions.insert(QStringLiteral("redo"), redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("apply"), tr("&Apply changes"), QKeySequence::Save,
                           [this] { apply(); }));
    edit->addAction(action(QStringLiteral("revert"), tr("Re&vert changes"),
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), [this] { revert(); }));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("insert"), tr("&Insert row"), QKeySequence::New,
                           [this] { m_grid->insertRow(); }));
    edit->addAction(action(QStringLiteral("duplicate"), tr("D&uplicate row"),
                           QKeySequence(Qt::CTRL | Qt::Key_D),
                           [this] { m_grid->duplicateCurrentRow(); }));
    edit->addAction(action(QStringLiteral("delete"), tr("&Delete rows"), QKeySequence::Delete,
                           [this] { m_grid->deleteSelectedRows(); }));
    edit->addAction(action(QStringLiteral("null"), tr("Set to &NULL"),
                           QKeySequence(Qt::CTRL | Qt::Key_0),
                           [this] { m_grid->setCurrentNull(); }));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("clearFilters"), tr("&Clear filters"),
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), [this] {
                               m_grid->filterHeader()->clearFilters();
                               m_grid->rows()->clearFilters();
                           }));
    edit->addAction(action(QStringLiteral("findEntity"), tr("&Find entity"),
                           QKeySequence(Qt::CTRL | Qt::Key_K), [this] {
                               m_entitySearch->setFocus();
                               m_entitySearch->selectAll();
                           }));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const std::pair<const char *, QKeySequence> docks[] = {
        {"changes", QKeySequence(Qt::ALT | Qt::Key_1)},
        {"schema", QKeySequence(Qt::ALT | Qt::Key_2)},
        {"migrations", QKeySequence(Qt::ALT | Qt::Key_3)},
        {"sql", QKeySequence(Qt::ALT | Qt::Key_4)},
        {"graphql", QKeySequence(Qt::ALT | Qt::Key_5)}};
    for (const auto &[name, shortcut] : docks) {
        QAction *toggle = m_docks.value(QString::fromLatin1(name))->toggleViewAction();
        toggle->setShortcut(shortcut);
        view->addAction(toggle);
    }

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    for (const char *name : {"open", "reload", "apply", "revert", "undo", "redo", "insert",
                             "duplicate", "delete", "export"})
        toolbar->addAction(m_actions.value(QString::fromLatin1(name)));
    addActions(m_actions.values()); // shortcuts work with the toolbar hidden
}

QString MainWindow::statusText() const
{
    return m_rowsLabel->text() + (m_errorLabel->text().isEmpty()
                                      ? QString()
                                      : QStringLiteral(" | ") + m_errorLabel->text());
}

void MainWindow::openDatabase(const QString &url, const QString &modelsPlugin)
{
    if (!confirmDiscard())
        return;
    m_url = url;
    m_modelsPlugin = modelsPlugin;
    m_errorLabel->clear();
    m_rowsLabel->setText(tr("Opening %1…").arg(withoutPassword(url)));
    m_session->open(url, modelsPlugin);
}

void MainWindow::showConnectDialog()
{
    ConnectDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    rememberConnection(dialog.url(), dialog.keepPassword());
    openDatabase(dialog.url());
}

void MainWindow::setMigrationsPath(const QString &dir)
{
    m_migrations->setMigrationsPath(dir);
}

void MainWindow::sessionOpened()
{
    setWindowTitle(tr("%1 — RexOrm Admin").arg(m_session->displayUrl()));
    m_errorLabel->clear();
    const QString current = m_grid->rows()->entity();
    const QStringList entities = m_session->entities();
    showEntity(entities.contains(current) ? current : entities.value(0));
    updateStatus();
}

void MainWindow::sessionClosed()
{
    setWindowTitle(tr("RexOrm Admin"));
    updateStatus();
}

void MainWindow::entitySelected(const QModelIndex &index)
{
    const QString entity = index.data(EntitiesModel::EntityRole).toString();
    if (entity.isEmpty() || entity == m_grid->rows()->entity())
        return;
    if (!confirmDiscard()) {
        // Back to the entity with the pending edits.
        const QSignalBlocker block(m_entityList->selectionModel());
        m_entityList->setCurrentIndex(m_entityFilter->mapFromSource(
            m_entities->index(m_entities->rowOf(m_grid->rows()->entity()))));
        return;
    }
    m_grid->showEntity(entity);
    m_schema->setEntity(entity);
}

void MainWindow::showEntity(const QString &entity, const QJsonObject &filter)
{
    if (entity.isEmpty())
        return;
    if (entity != m_grid->rows()->entity()) {
        if (!confirmDiscard())
            return;
        m_grid->showEntity(entity);
        m_schema->setEntity(entity);
        const QSignalBlocker block(m_entityList->selectionModel());
        m_entityList->setCurrentIndex(
            m_entityFilter->mapFromSource(m_entities->index(m_entities->rowOf(entity))));
    }
    // The filter ({field: {eq: value}} or {field: value}) into the filter boxes.
    RowsModel *rows = m_grid->rows();
    const auto names = m_session->names(entity);
    for (auto it = filter.constBegin(); names && it != filter.constEnd(); ++it) {
        int column = -1;
        for (int i = 0; i < names->fields.size(); ++i) {
            if (names->fields.at(i).second == it.key())
                column = i;
        }
        if (column < 0)
            continue;
        const QJsonValue value =
            it.value().isObject() ? it.value().toObject().value(QStringLiteral("eq")) : it.value();
        const QString text = equalsFilter(value);
        m_grid->filterHeader()->setFilterText(column, text);
        rows->setColumnFilter(column, text);
    }
}

void MainWindow::currentRowChanged(int row)
{
    m_form->setRow(row);
    updateRelationTabs(row);
}

void MainWindow::updateRelationTabs(int row)
{
    const RowsModel *rows = m_grid->rows();
    const QJsonObject current = rows->rowAt(row);
    const EntityInfo *entity = rows->entityInfo();
    if (!entity)
        return;
    // Each hasMany tab shows the children of the current row.
    int tab = 0;
    for (const RelationInfo &relation : entity->relations) {
        if (relation.kind != RelationInfo::HasMany)
            continue;
        if (tab >= m_relationViews.size())
            break;
        RowsView *view = m_relationViews.at(tab++);
        const auto targetNames = m_session->names(relation.target);
        const auto ownNames = m_session->names(entity->name);
        if (!targetNames || !ownNames)
            continue;
        const QString localField = ownNames->fieldOf(
            relation.localKey.isEmpty() ? entity->primaryKey.value(0) : relation.localKey);
        const QString localColumn =
            relation.localKey.isEmpty() ? entity->primaryKey.value(0) : relation.localKey;
        const QJsonValue key = current.value(localField);
        const QString foreignField = targetNames->fieldOf(relation.foreignKey);
        const EntityInfo *target = m_session->entity(relation.target);
        const ColumnInfo *localInfo = entity->column(localColumn);
        // The key as the child's foreign key field takes it (an ID is text, an Int a number).
        const QJsonValue typedKey =
            key.isUndefined() || key.isNull() || !target || !localInfo
                ? QJsonValue()
                : m_session->live()
                      ->toFields(target->name,
                                 {{relation.foreignKey, fromApiValue(*localInfo, key)}})
                      .value(foreignField);
        // No row (or an unread one): a condition no row meets.
        const QJsonObject where{
            {foreignField, typedKey.isUndefined() || typedKey.isNull()
                               ? QJsonObject{{QStringLiteral("isNull"), true},
                                             {QStringLiteral("neq"), QJsonValue()}}
                               : QJsonObject{{QStringLiteral("eq"), typedKey}}}};
        if (view->rows()->entity() != relation.target ||
            view->property("rexormWhere").toJsonObject() != where) {
            view->setProperty("rexormWhere", where);
            view->showEntity(relation.target, where);
        }
    }
}

void MainWindow::rebuildRelationTabs()
{
    for (RowsView *view : std::as_const(m_relationViews)) {
        m_details->removeTab(m_details->indexOf(view));
        view->deleteLater();
    }
    m_relationViews.clear();
    const EntityInfo *entity = m_grid->rows()->entityInfo();
    if (!entity)
        return;
    for (const RelationInfo &relation : entity->relations) {
        if (relation.kind != RelationInfo::HasMany || !m_session->entity(relation.target))
            continue;
        // Related rows are shown, not edited here (open their entity to edit them): one grid's
        // edits, one Apply, one undo history.
        auto *view = new RowsView(m_session, this);
        view->setObjectName(QStringLiteral("relation_") + relation.name);
        view->rows()->setReadOnly(true);
        m_details->addTab(view, tr("%1 (%2)").arg(relation.name, relation.target));
        connect(view, &RowsView::referenceActivated, this, &MainWindow::showEntity);
        m_relationViews << view;
    }
    currentRowChanged(m_grid->currentRowNumber());
}

void MainWindow::apply(ConflictChoice onConflict)
{
    m_pendingChoice = onConflict;
    m_grid->rows()->apply(onConflict == Overwrite);
}

void MainWindow::revert()
{
    m_grid->rows()->revert();
    updateStatus();
}

void MainWindow::applied(const ApplyOutcome &outcome)
{
    auto *rows = qobject_cast<RowsModel *>(sender());
    switch (outcome.status) {
    case ApplyOutcome::Applied:
        m_errorLabel->clear();
        statusBar()->showMessage(tr("%n row(s) written.", nullptr, outcome.rowsWritten), 5000);
        break;
    case ApplyOutcome::Conflicts: {
        ConflictChoice choice = m_pendingChoice;
        if (choice == Ask) {
            QMessageBox box(QMessageBox::Warning, tr("Rows changed elsewhere"),
                            tr("%n row(s) you edited were changed by someone else since you "
                               "read them. Nothing was written.",
                               nullptr, int(outcome.conflicts.size())),
                            QMessageBox::Cancel, this);
            box.setInformativeText(tr("Overwrite their changes with yours, or keep theirs and "
                                      "drop your edits of those rows?"));
            QPushButton *overwrite = box.addButton(tr("Overwrite"), QMessageBox::DestructiveRole);
            QPushButton *keep = box.addButton(tr("Keep theirs"), QMessageBox::AcceptRole);
            box.exec();
            choice = box.clickedButton() == overwrite ? Overwrite
                     : box.clickedButton() == keep    ? KeepTheirs
                                                      : CancelApply;
        }
        m_pendingChoice = Ask;
        if (choice == Overwrite && rows)
            rows->apply(true);
        else if (choice == KeepTheirs && rows)
            rows->keepTheirs(outcome.conflicts);
        else
            m_errorLabel->setText(tr("Not applied: rows were changed elsewhere."));
        break;
    }
    case ApplyOutcome::Invalid:
        m_errorLabel->setText(outcome.message.isEmpty()
                                  ? tr("Not applied: some values are not valid.")
                                  : tr("Not applied: %1").arg(outcome.message));
        break;
    case ApplyOutcome::Failed:
        m_errorLabel->setText(tr("Not applied: %1").arg(outcome.message));
        break;
    }
    updateStatus();
}

void MainWindow::updateStatus()
{
    const RowsModel *rows = m_grid->rows();
    QStringList parts;
    if (!m_session->isOpen()) {
        parts << (m_session->isOpening() ? tr("Opening…") : tr("No database open"));
    } else if (!rows->entity().isEmpty()) {
        parts << (rows->isTotalKnown()
                      ? tr("%1: %n row(s)", nullptr, int(std::min<qint64>(rows->total(), INT_MAX)))
                            .arg(rows->entity())
                      : tr("%1: counting…").arg(rows->entity()));
        if (rows->isLoading())
            parts << tr("loading");
        if (rows->hasPendingEdits())
            parts << tr("%n row(s) with pending changes", nullptr, rows->edits()->rowCount());
    }
    m_rowsLabel->setText(parts.join(QStringLiteral(" · ")));
    // The grid's error shows while it lasts (a bad filter fixed clears it); others stay until
    // the next one.
    if (!rows->error().isEmpty())
        m_errorLabel->setText(rows->error());
    else if (!m_gridError.isEmpty() && m_errorLabel->text() == m_gridError)
        m_errorLabel->clear();
    m_gridError = rows->error();
    const bool pending = rows->hasPendingEdits();
    m_actions.value(QStringLiteral("apply"))->setEnabled(pending && !rows->isApplying());
    m_actions.value(QStringLiteral("revert"))->setEnabled(pending);
}

bool MainWindow::confirmDiscard()
{
    RowsModel *rows = m_grid->rows();
    if (!rows->hasPendingEdits())
        return true;
    const auto answer =
        QMessageBox::question(this, tr("Pending changes"),
                              tr("%n row(s) of %1 have changes that are not applied. Discard them?",
                                 nullptr, rows->edits()->rowCount())
                                  .arg(rows->entity()),
                              QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Discard)
        return false;
    rows->revert();
    return true;
}

void MainWindow::showDock(const QString &name)
{
    if (QDockWidget *dock = m_docks.value(name)) {
        dock->show();
        dock->raise();
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!confirmDiscard()) {
        event->ignore();
        return;
    }
    if (m_rememberLayout) {
        QSettings settings;
        settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
        settings.setValue(QStringLiteral("window/state"), saveState());
    }
    event->accept();
}

} // namespace RexOrm::Admin
