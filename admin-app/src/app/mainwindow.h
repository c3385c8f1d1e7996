#pragma once

#include <QtCore/QJsonObject>
#include <QtWidgets/QMainWindow>

class QAction;
class QDockWidget;
class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QTabWidget;
class QUndoGroup;

namespace RexOrm::Admin {

class ChangeFeedPanel;
class EntitiesModel;
class ErDiagram;
class GraphQLConsole;
class MigrationsPanel;
class RecordForm;
class RowsView;
class SchemaView;
class Session;
class SqlConsole;
struct ApplyOutcome;

// The admin window: entities on the left, the open entity's rows in the middle with the current
// row's form and its related rows below, and docks for live changes, migrations, the schema and
// the SQL and GraphQL consoles. Nothing here waits on the database: every read and write is
// asynchronous and its answer (or error) shows when it arrives.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Session *session() const { return m_session; }
    RowsView *grid() const { return m_grid; }
    RecordForm *form() const { return m_form; }
    EntitiesModel *entities() const { return m_entities; }
    QTabWidget *details() const { return m_details; }
    ChangeFeedPanel *changes() const { return m_changes; }
    MigrationsPanel *migrations() const { return m_migrations; }
    ErDiagram *diagram() const { return m_diagram; }
    QString statusText() const;

    void openDatabase(const QString &url, const QString &modelsPlugin = {});
    void showConnectDialog();
    void setMigrationsPath(const QString &dir);
    void showEntity(const QString &entity, const QJsonObject &filter = {});
    // Apply with a choice when rows were changed elsewhere: asks unless an answer is given.
    enum ConflictChoice { Ask, Overwrite, KeepTheirs, CancelApply };
    void apply(ConflictChoice onConflict = Ask);
    void revert();
    // Shows a dock by name ("changes", "migrations", "schema", "sql", "graphql").
    void showDock(const QString &name);
    // The window's size and dock layout from the last session (QSettings); saved on close.
    void restoreLayout();
    // The first-run layout: a narrow entity list, the rows wide, the docks beside them.
    void applyDefaultLayout();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createActions();
    void createDocks();
    void sessionOpened();
    void sessionClosed();
    void entitySelected(const QModelIndex &index);
    void currentRowChanged(int row);
    void updateRelationTabs(int row);
    void rebuildRelationTabs();
    void applied(const ApplyOutcome &outcome);
    void updateStatus();
    bool confirmDiscard();

    Session *m_session;
    EntitiesModel *m_entities;
    QSortFilterProxyModel *m_entityFilter;
    QListView *m_entityList;
    QLineEdit *m_entitySearch;
    RowsView *m_grid;
    QTabWidget *m_details;
    RecordForm *m_form;
    QList<RowsView *> m_relationViews;
    ChangeFeedPanel *m_changes;
    MigrationsPanel *m_migrations;
    SchemaView *m_schema;
    ErDiagram *m_diagram;
    SqlConsole *m_sql;
    GraphQLConsole *m_graphql;
    QUndoGroup *m_undo;
    QLabel *m_rowsLabel;
    QLabel *m_errorLabel;
    QString m_gridError; // the grid's error the status bar shows, if any
    QString m_url;
    QString m_modelsPlugin;
    ConflictChoice m_pendingChoice = Ask;
    bool m_rememberLayout = false;
    bool m_layoutRestored = false;
    bool m_shown = false;
    QHash<QString, QDockWidget *> m_docks;
    QHash<QString, QAction *> m_actions;
};

} // namespace RexOrm::Admin
