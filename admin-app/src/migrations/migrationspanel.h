#pragma once

#include <QtCore/QPointer>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtWidgets/QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;

namespace RexOrm::Admin {

class MigrationStatusModel;
class Session;

// The migrations of the open database: every migration of a folder (as `rexorm migrate` reads
// it) with its status (pending, applied, changed, missing, partial), and the actions of
// `rexorm migrate`: apply pending, roll back the last, redo the last, and resolve a half-applied
// one (MySQL/MariaDB). Each action runs the Migrator on the database's executor threads, shows
// its progress (migration i of n) and writes a log; the actions are disabled while one runs. The
// Preview tab shows the migration the schema differ would generate for the session's compiled
// models against the live schema, and can write it into the folder.
class MigrationsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MigrationsPanel(Session *session, QWidget *parent = nullptr);
    ~MigrationsPanel() override;

    QString migrationsPath() const { return m_path; }
    bool isBusy() const { return m_busy; }
    MigrationStatusModel *statusModel() const { return m_model; }

public slots:
    // The folder of "<timestamp>_<name>[.<dialect>].up.sql" / ".down.sql" files; re-reads the
    // status.
    void setMigrationsPath(const QString &dir);
    void chooseFolder(); // asks for the folder
    void refresh();      // re-reads the status and the preview
    void applyPending();
    void rollBackLast(); // the last applied migration (not the whole last batch)
    void redoLast();
    // For the selected half-applied migration, after its statements were finished or undone by
    // hand: record it as applied, or forget it (pending again).
    void markSelectedApplied();
    void markSelectedRolledBack();
    // Writes the previewed migration as "<timestamp>_<name>.up.sql" and ".down.sql" into the
    // folder; the name comes from the Preview tab's field.
    void writePreviewMigration();

signals:
    void migrationsPathChanged(const QString &dir);
    void busyChanged(bool busy);
    void statusUpdated(); // the table holds the status just read
    // An action ended; error is empty when it succeeded.
    void actionFinished(bool succeeded, const QString &error);
    // Migrations ran (or a half-applied one stopped midway): tables may have changed, so the
    // session's entities may be out of date.
    void schemaChanged();

private:
    enum class Action {
        Refresh,
        ApplyPending,
        RollBackLast,
        RedoLast,
        MarkApplied,
        MarkRolledBack,
        WriteMigration
    };
    struct Job;
    struct Outcome;
    struct Channel;

    static Outcome run(const Job &job); // on an executor thread
    void start(Action action, const QString &target = {});
    void finish(Action action, quint64 generation, const Outcome &outcome);
    void stepStarted(int index, int count, const QString &name, bool up);
    void stepFinished(int index, const QString &name, bool up, qint64 milliseconds);
    void setBusy(bool busy);
    void updateActions();
    void sessionChanged();
    void showPreview(const Outcome &outcome);
    void log(const QString &line);
    QString selectedName() const;
    QString actionText(Action action) const;

    QPointer<Session> m_session;
    std::shared_ptr<Channel> m_channel; // progress from the executor threads
    QString m_path;
    bool m_busy = false;
    bool m_refreshAfter = false; // the path or the session changed while an action ran
    quint64 m_generation = 0;    // bumped when the path or the session changes
    bool m_hasStatus = false;
    bool m_previewHasChanges = false;

    MigrationStatusModel *m_model = nullptr;
    QLabel *m_folderLabel = nullptr;
    QPushButton *m_chooseButton = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_applyButton = nullptr;
    QPushButton *m_rollBackButton = nullptr;
    QPushButton *m_redoButton = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QPushButton *m_markAppliedButton = nullptr;
    QPushButton *m_markRolledBackButton = nullptr;
    QCheckBox *m_allowChanged = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QLabel *m_previewLabel = nullptr;
    QPlainTextEdit *m_previewText = nullptr;
    QLineEdit *m_previewName = nullptr;
    QPushButton *m_writeButton = nullptr;
    QPushButton *m_previewRefreshButton = nullptr;
};

} // namespace RexOrm::Admin
