#include "migrationspanel.h"
#include "migrationstatusmodel.h"

#include <session/async.h>
#include <session/session.h>

#include <rexorm/meta/registry.h>
#include <rexorm/migrations/migrator.h>
#include <rexorm/migrations/schemadiff.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFileInfo>
#include <QtCore/QMutex>
#include <QtCore/QRegularExpression>
#include <QtCore/QTime>
#include <QtGui/QFontDatabase>
#include <QtGui/QRegularExpressionValidator>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

#include <functional>

namespace RexOrm::Admin {

// Carries progress from the executor threads to the panel: an event is posted only while the
// panel exists (its destructor takes the lock), and Qt drops events of a deleted receiver.
struct MigrationsPanel::Channel
{
    QMutex mutex;
    MigrationsPanel *panel = nullptr;

    void post(std::function<void(MigrationsPanel *)> call)
    {
        const QMutexLocker lock(&mutex);
        if (panel)
            QMetaObject::invokeMethod(
                panel, [target = panel, call = std::move(call)] { call(target); },
                Qt::QueuedConnection);
    }
};

// What one run on an executor thread needs. The callbacks run there too.
struct MigrationsPanel::Job
{
    Job(Action action, Database db) : action(action), db(std::move(db)) {}
    Action action;
    Database db;
    QString path;
    QString target; // Mark*: the migration; WriteMigration: the new migration's name
    bool allowChanged = false;
    QList<EntityInfo> models; // the session's compiled models, for the preview
    std::function<void(int index, int count, const QString &name, bool up)> started;
    std::function<void(int index, const QString &name, bool up, qint64 milliseconds)> finished;
};

// What one run found, handed back to the GUI thread.
struct MigrationsPanel::Outcome
{
    QStringList done;   // the migrations applied or rolled back, in order
    QString error;      // why the action failed
    QString failedName; // the migration that was running when it failed
    QString sourcesError;
    bool folderMissing = false;
    bool statusRead = false;
    QList<MigrationState> states;
    QString statusError;
    bool previewRead = false;
    QString previewError;
    QStringList previewChanges;
    QStringList previewWarnings;
    QStringList previewUp;
    QStringList previewDown;
    QStringList written;
};

// Runs on an executor thread: the action through the Migrator, then the status and the preview.
MigrationsPanel::Outcome MigrationsPanel::run(const Job &job)
{
    Outcome out;
    if (job.action == Action::WriteMigration) {
        try {
            const SchemaDiff diff = SchemaDiff::compare(job.db, job.models, {});
            if (diff.isEmpty())
                throw Error(tr("The live schema matches the models: there is nothing to "
                               "write."));
            if (!QDir().mkpath(job.path))
                throw Error(tr("Cannot create the migrations folder %1.").arg(job.path));
            out.written = diff.writeSql(job.db, job.path, job.target);
        } catch (...) {
            out.error = errorText(std::current_exception());
        }
    }

    Migrator::Options options;
    options.allowChanged = job.allowChanged;
    Migrator migrator(job.db, options);
    bool sourcesRead = false;
    try {
        // As `rexorm migrate` reads them: the folder when it exists, and the C++ migrations
        // linked into the program.
        if (!job.path.isEmpty() && QDir(job.path).exists())
            migrator.addDirectory(job.path);
        else
            out.folderMissing = true;
        migrator.addRegistered();
        migrator
            .addPluginMigrations(); // a models plugin's own tables, as `rexorm migrate` has them
        sourcesRead = true;
    } catch (...) {
        out.sourcesError = errorText(std::current_exception());
    }

    const bool migrates = job.action == Action::ApplyPending ||
                          job.action == Action::RollBackLast || job.action == Action::RedoLast;
    const bool resolves = job.action == Action::MarkApplied || job.action == Action::MarkRolledBack;
    if ((migrates || resolves) && !sourcesRead)
        out.error = out.sourcesError;
    if ((migrates || resolves) && sourcesRead) {
        struct Step
        {
            QString name;
            bool up;
        };
        QList<Step> plan;
        int next = 0;
        int current = -1;
        QElapsedTimer timer;
        const auto finishCurrent = [&] {
            if (current < 0)
                return;
            job.finished(current, plan[current].name, plan[current].up, timer.elapsed());
            current = -1;
        };
        // The Migrator announces each migration with an unindented line naming it.
        migrator.setProgress([&](const QString &line) {
            if (next >= plan.size() || line.startsWith(u' ') ||
                !line.split(u' ', Qt::SkipEmptyParts).contains(plan[next].name))
                return;
            finishCurrent();
            current = next++;
            timer.start();
            job.started(current, int(plan.size()), plan[current].name, plan[current].up);
        });
        try {
            switch (job.action) {
            case Action::ApplyPending:
                for (const MigrationState &state : migrator.status()) {
                    if (state.status == MigrationState::Pending)
                        plan.append({state.name, true});
                }
                out.done = migrator.up();
                break;
            case Action::RollBackLast:
                if (const QString last = MigrationStatusModel::lastApplied(migrator.status());
                    !last.isEmpty())
                    plan.append({last, false});
                out.done = migrator.downSteps(1);
                break;
            case Action::RedoLast:
                if (const QString last = MigrationStatusModel::lastApplied(migrator.status());
                    !last.isEmpty())
                    plan = {{last, false}, {last, true}};
                out.done = migrator.redo(1);
                break;
            case Action::MarkApplied:
            case Action::MarkRolledBack:
                migrator.resolve(job.target, job.action == Action::MarkApplied);
                out.done = {job.target};
                break;
            case Action::Refresh:
            case Action::WriteMigration:
                break;
            }
            finishCurrent();
        } catch (...) {
            out.error = errorText(std::current_exception());
            out.failedName = current >= 0 ? plan[current].name : QString();
        }
        migrator.setProgress({});
    }

    if (sourcesRead) {
        try {
            out.states = migrator.status();
            out.statusRead = true;
        } catch (...) {
            out.statusError = errorText(std::current_exception());
        }
    }

    if (!job.models.isEmpty()) {
        try {
            const SchemaDiff diff = SchemaDiff::compare(job.db, job.models, {});
            const Schema schema(job.db);
            QHash<QString, EntityInfo> tables; // the down statements start where up leaves
            out.previewUp = schema.toSql(diff.up, tables);
            out.previewDown = schema.toSql(diff.down, tables);
            for (const SchemaChange &change : diff.up)
                out.previewChanges << change.describe();
            out.previewWarnings = diff.warnings;
            out.previewRead = true;
        } catch (...) {
            out.previewError = errorText(std::current_exception());
        }
    }
    return out;
}

MigrationsPanel::MigrationsPanel(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_channel(std::make_shared<Channel>()),
      m_model(new MigrationStatusModel(this))
{
    m_channel->panel = this;
    m_folderLabel = new QLabel(this);
    m_folderLabel->setObjectName(QStringLiteral("folderLabel"));
    m_folderLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_folderLabel->setWordWrap(true);
    m_chooseButton = new QPushButton(tr("Choose folder…"), this);
    m_chooseButton->setObjectName(QStringLiteral("chooseFolderButton"));
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folderLabel, 1);
    folderRow->addWidget(m_chooseButton);

    // The Migrations tab: the status table and its actions.
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("migrationsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);

    const auto button = [this](const QString &text, const char *name, const QString &tip) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(QLatin1String(name));
        b->setToolTip(tip);
        return b;
    };
    m_applyButton = button(tr("Apply pending"), "applyButton",
                           tr("Apply every pending migration, as one batch."));
    m_rollBackButton =
        button(tr("Roll back last"), "rollBackButton", tr("Roll back the last applied migration."));
    m_redoButton = button(tr("Redo last"), "redoButton",
                          tr("Roll back the last applied migration and apply it again."));
    m_refreshButton =
        button(tr("Refresh"), "refreshButton", tr("Read the folder and the database again."));
    m_markAppliedButton =
        button(tr("Mark applied"), "markAppliedButton",
               tr("The selected half-applied migration was finished by hand: record it as "
                  "applied."));
    m_markRolledBackButton =
        button(tr("Mark rolled back"), "markRolledBackButton",
               tr("The statements of the selected half-applied migration were undone by hand: "
                  "forget it, so it is pending again."));
    m_allowChanged = new QCheckBox(tr("Allow changed migrations"), this);
    m_allowChanged->setObjectName(QStringLiteral("allowChangedCheck"));
    m_allowChanged->setToolTip(tr("Run even though an applied migration's file changed."));
    auto *buttons = new QHBoxLayout;
    for (QWidget *w :
         {static_cast<QWidget *>(m_applyButton), static_cast<QWidget *>(m_rollBackButton),
          static_cast<QWidget *>(m_redoButton), static_cast<QWidget *>(m_refreshButton)})
        buttons->addWidget(w);
    buttons->addStretch(1);
    buttons->addWidget(m_markAppliedButton);
    buttons->addWidget(m_markRolledBackButton);
    buttons->addWidget(m_allowChanged);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *statusPage = new QWidget(this);
    auto *statusLayout = new QVBoxLayout(statusPage);
    statusLayout->addWidget(m_table, 1);
    statusLayout->addLayout(buttons);
    statusLayout->addWidget(m_statusLabel);

    // The Preview tab: what the schema differ would generate for the compiled models.
    m_previewLabel = new QLabel(this);
    m_previewLabel->setObjectName(QStringLiteral("previewLabel"));
    m_previewLabel->setWordWrap(true);
    m_previewLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_previewText = new QPlainTextEdit(this);
    m_previewText->setObjectName(QStringLiteral("previewText"));
    m_previewText->setReadOnly(true);
    m_previewText->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_previewText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_previewName = new QLineEdit(this);
    m_previewName->setObjectName(QStringLiteral("previewName"));
    m_previewName->setPlaceholderText(tr("Migration name, e.g. add_email_to_users"));
    m_previewName->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\w*")), m_previewName));
    m_writeButton = button(tr("Write migration"), "writeMigrationButton",
                           tr("Write the previewed migration into the migrations folder as "
                              "<timestamp>_<name>.up.sql and .down.sql."));
    m_previewRefreshButton = button(tr("Compare again"), "previewRefreshButton",
                                    tr("Compare the models with the live schema again."));
    auto *previewRow = new QHBoxLayout;
    previewRow->addWidget(m_previewName, 1);
    previewRow->addWidget(m_writeButton);
    previewRow->addWidget(m_previewRefreshButton);
    auto *previewPage = new QWidget(this);
    auto *previewLayout = new QVBoxLayout(previewPage);
    previewLayout->addWidget(m_previewLabel);
    previewLayout->addWidget(m_previewText, 1);
    previewLayout->addLayout(previewRow);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->addTab(statusPage, tr("Migrations"));
    m_tabs->addTab(previewPage, tr("Preview"));

    // Progress and log of the actions, under both tabs.
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_errorLabel->hide();
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progressBar"));
    m_progress->setTextVisible(true);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(QString());
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("logText"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setPlaceholderText(tr("What the actions did appears here."));
    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_errorLabel);
    bottomLayout->addWidget(m_progress);
    bottomLayout->addWidget(m_log, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tabs);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(folderRow);
    layout->addWidget(splitter, 1);

    connect(m_chooseButton, &QPushButton::clicked, this, &MigrationsPanel::chooseFolder);
    connect(m_applyButton, &QPushButton::clicked, this, &MigrationsPanel::applyPending);
    connect(m_rollBackButton, &QPushButton::clicked, this, &MigrationsPanel::rollBackLast);
    connect(m_redoButton, &QPushButton::clicked, this, &MigrationsPanel::redoLast);
    connect(m_refreshButton, &QPushButton::clicked, this, &MigrationsPanel::refresh);
    connect(m_markAppliedButton, &QPushButton::clicked, this,
            &MigrationsPanel::markSelectedApplied);
    connect(m_markRolledBackButton, &QPushButton::clicked, this,
            &MigrationsPanel::markSelectedRolledBack);
    connect(m_writeButton, &QPushButton::clicked, this, &MigrationsPanel::writePreviewMigration);
    connect(m_previewRefreshButton, &QPushButton::clicked, this, &MigrationsPanel::refresh);
    connect(m_previewName, &QLineEdit::textChanged, this, &MigrationsPanel::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MigrationsPanel::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MigrationsPanel::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MigrationsPanel::updateActions);
    if (m_session) {
        connect(m_session, &Session::opened, this, &MigrationsPanel::sessionChanged);
        connect(m_session, &Session::closed, this, &MigrationsPanel::sessionChanged);
    }

    m_folderLabel->setText(tr("No migrations folder chosen."));
    sessionChanged();
}

MigrationsPanel::~MigrationsPanel()
{
    const QMutexLocker lock(&m_channel->mutex);
    m_channel->panel = nullptr;
}

void MigrationsPanel::setMigrationsPath(const QString &dir)
{
    m_path = dir.isEmpty() ? QString() : QFileInfo(dir).absoluteFilePath();
    m_folderLabel->setText(m_path.isEmpty()
                               ? tr("No migrations folder chosen.")
                               : tr("Migrations folder: %1").arg(QDir::toNativeSeparators(m_path)));
    ++m_generation;
    emit migrationsPathChanged(m_path);
    if (m_busy)
        m_refreshAfter = true;
    else
        refresh();
}

void MigrationsPanel::chooseFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Migrations folder"), m_path);
    if (!dir.isEmpty())
        setMigrationsPath(dir);
}

void MigrationsPanel::sessionChanged()
{
    ++m_generation;
    m_hasStatus = false;
    m_previewHasChanges = false;
    m_model->clear();
    m_previewText->clear();
    const bool open = m_session && m_session->isOpen();
    m_statusLabel->setText(open ? tr("Reading the migrations…") : tr("No database is open."));
    m_previewLabel->setText(open ? tr("Comparing…") : tr("No database is open."));
    if (m_busy)
        m_refreshAfter = true;
    else if (open)
        refresh();
    updateActions();
}

void MigrationsPanel::refresh()
{
    start(Action::Refresh);
}

void MigrationsPanel::applyPending()
{
    start(Action::ApplyPending);
}

void MigrationsPanel::rollBackLast()
{
    start(Action::RollBackLast);
}

void MigrationsPanel::redoLast()
{
    start(Action::RedoLast);
}

void MigrationsPanel::markSelectedApplied()
{
    if (const QString name = selectedName(); !name.isEmpty())
        start(Action::MarkApplied, name);
}

void MigrationsPanel::markSelectedRolledBack()
{
    if (const QString name = selectedName(); !name.isEmpty())
        start(Action::MarkRolledBack, name);
}

void MigrationsPanel::writePreviewMigration()
{
    if (const QString name = m_previewName->text().trimmed(); !name.isEmpty())
        start(Action::WriteMigration, name);
}

QString MigrationsPanel::selectedName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString()
                          : rows.first().data(MigrationStatusModel::NameRole).toString();
}

QString MigrationsPanel::actionText(Action action) const
{
    switch (action) {
    case Action::Refresh:
        return tr("Refresh");
    case Action::ApplyPending:
        return tr("Apply pending");
    case Action::RollBackLast:
        return tr("Roll back last");
    case Action::RedoLast:
        return tr("Redo last");
    case Action::MarkApplied:
        return tr("Mark applied");
    case Action::MarkRolledBack:
        return tr("Mark rolled back");
    case Action::WriteMigration:
        return tr("Write migration");
    }
    return {};
}

void MigrationsPanel::start(Action action, const QString &target)
{
    if (m_busy || !m_session || !m_session->isOpen())
        return;
    Job job(action, m_session->database());
    job.path = m_path;
    job.target = target;
    job.allowChanged = m_allowChanged->isChecked();
    if (const Registry *registry = m_session->registry()) {
        for (const QString &name : registry->entityNames()) {
            const EntityInfo &entity = registry->entity(name);
            if (entity.metaObject)
                job.models << entity;
        }
    }
    job.started = [channel = m_channel](int index, int count, const QString &name, bool up) {
        channel->post([=](MigrationsPanel *panel) { panel->stepStarted(index, count, name, up); });
    };
    job.finished = [channel = m_channel](int index, const QString &name, bool up,
                                         qint64 milliseconds) {
        channel->post(
            [=](MigrationsPanel *panel) { panel->stepFinished(index, name, up, milliseconds); });
    };

    const quint64 generation = m_generation;
    setBusy(true);
    if (action != Action::Refresh) {
        m_errorLabel->clear();
        m_errorLabel->hide();
        m_progress->setRange(0, 0); // busy until the first migration starts
        m_progress->setFormat(actionText(action));
        log(tr("%1: started").arg(actionText(action)));
    }
    whenFinished(
        m_session->database().run([job = std::move(job)] { return run(job); }), this,
        [this, action, generation](const Outcome &outcome) { finish(action, generation, outcome); },
        [this, action, generation](const QString &message) {
            Outcome outcome;
            outcome.error = message;
            outcome.statusError = message;
            finish(action, generation, outcome);
        });
}

void MigrationsPanel::stepStarted(int index, int count, const QString &name, bool up)
{
    m_progress->setRange(0, count);
    m_progress->setValue(index);
    m_progress->setFormat(tr("%1 of %2: %3").arg(index + 1).arg(count).arg(name));
    log(up ? tr("Applying %1 (%2 of %3)…").arg(name).arg(index + 1).arg(count)
           : tr("Rolling back %1 (%2 of %3)…").arg(name).arg(index + 1).arg(count));
}

void MigrationsPanel::stepFinished(int index, const QString &name, bool up, qint64 milliseconds)
{
    m_progress->setValue(index + 1);
    log(up ? tr("Applied %1 in %2 ms").arg(name).arg(milliseconds)
           : tr("Rolled back %1 in %2 ms").arg(name).arg(milliseconds));
}

void MigrationsPanel::finish(Action action, quint64 generation, const Outcome &outcome)
{
    const bool current = generation == m_generation;
    const bool failed = !outcome.error.isEmpty();
    const bool migrates = action == Action::ApplyPending || action == Action::RollBackLast ||
                          action == Action::RedoLast;
    const bool nonTransactionalDdl =
        m_session && m_session->isOpen() && m_session->database().dialect().ddlCommitsTransaction();

    if (current && outcome.statusRead) {
        m_model->setStates(outcome.states);
        m_hasStatus = true;
        for (const int column :
             {int(MigrationStatusModel::NameColumn), int(MigrationStatusModel::StatusColumn),
              int(MigrationStatusModel::AppliedAtColumn)})
            m_table->resizeColumnToContents(column);
        QStringList parts = {
            tr("%n applied", nullptr, m_model->count(MigrationStatusModel::Status::Applied)),
            tr("%n pending", nullptr, m_model->count(MigrationStatusModel::Status::Pending))};
        if (const int n = m_model->count(MigrationStatusModel::Status::Changed))
            parts << tr("%n changed", nullptr, n);
        if (const int n = m_model->count(MigrationStatusModel::Status::Missing))
            parts << tr("%n missing", nullptr, n);
        if (const int n = m_model->count(MigrationStatusModel::Status::Partial))
            parts << tr("%n partly applied", nullptr, n);
        QString text = tr("%n migration(s): %1.", nullptr, int(m_model->rowCount()))
                           .arg(parts.join(QStringLiteral(", ")));
        if (outcome.folderMissing)
            text = (m_path.isEmpty()
                        ? tr("No migrations folder chosen.")
                        : tr("There is no folder %1.").arg(QDir::toNativeSeparators(m_path))) +
                   u' ' + text;
        m_statusLabel->setText(text);
    } else if (current) {
        m_hasStatus = false;
        m_model->clear();
        const QString error =
            !outcome.sourcesError.isEmpty() ? outcome.sourcesError : outcome.statusError;
        m_statusLabel->setText(error.isEmpty() ? QString()
                                               : tr("Cannot read the migrations: %1").arg(error));
    }
    if (current)
        showPreview(outcome);

    if (action != Action::Refresh) {
        if (failed) {
            QString message = outcome.failedName.isEmpty()
                                  ? tr("%1 failed: %2").arg(actionText(action), outcome.error)
                                  : tr("%1 failed: %2").arg(outcome.failedName, outcome.error);
            if (!outcome.failedName.isEmpty() && migrates) {
                const int row = m_model->rowOf(outcome.failedName);
                const bool partial = current && row >= 0 &&
                                     MigrationStatusModel::statusOf(m_model->state(row)) ==
                                         MigrationStatusModel::Status::Partial;
                if (partial)
                    message +=
                        u'\n' + tr("This database does not roll back schema changes: the "
                                   "statements that ran stay applied and the migration is marked "
                                   "partial. Finish or undo them by hand, then select it and click "
                                   "Mark applied or Mark rolled back.");
                else if (!nonTransactionalDdl)
                    message += u'\n' + tr("It ran in a transaction: nothing of it was kept.");
            }
            m_errorLabel->setText(message);
            m_errorLabel->show();
            log(message);
            m_progress->setFormat(outcome.failedName.isEmpty()
                                      ? tr("Failed")
                                      : tr("Failed: %1").arg(outcome.failedName));
            if (m_progress->maximum() == 0)
                m_progress->setRange(0, 1);
        } else {
            if (m_progress->maximum() == 0) // no migration ran
                m_progress->setRange(0, 1);
            m_progress->setValue(m_progress->maximum());
            switch (action) {
            case Action::ApplyPending:
            case Action::RedoLast:
            case Action::RollBackLast:
                if (outcome.done.isEmpty())
                    log(action == Action::ApplyPending ? tr("Nothing to apply.")
                                                       : tr("Nothing to roll back."));
                m_progress->setFormat(
                    tr("Done: %n migration(s)", nullptr, int(outcome.done.size())));
                break;
            case Action::MarkApplied:
                log(tr("Recorded %1 as applied.").arg(outcome.done.value(0)));
                m_progress->setFormat(tr("Done"));
                break;
            case Action::MarkRolledBack:
                log(tr("Recorded %1 as rolled back: it is pending again.")
                        .arg(outcome.done.value(0)));
                m_progress->setFormat(tr("Done"));
                break;
            case Action::WriteMigration:
                for (const QString &file : outcome.written)
                    log(tr("Wrote %1").arg(QDir::toNativeSeparators(file)));
                m_progress->setFormat(tr("Done"));
                m_previewName->clear();
                break;
            case Action::Refresh:
                break;
            }
            log(tr("%1: finished").arg(actionText(action)));
        }
    }

    setBusy(false);
    if (action != Action::Refresh)
        emit actionFinished(!failed, outcome.error);
    if (current &&
        (outcome.statusRead || !outcome.sourcesError.isEmpty() || !outcome.statusError.isEmpty()))
        emit statusUpdated();
    if (migrates && (!outcome.done.isEmpty() || (failed && nonTransactionalDdl)))
        emit schemaChanged();
    if (m_refreshAfter || !current) {
        m_refreshAfter = false;
        refresh();
    }
}

void MigrationsPanel::showPreview(const Outcome &outcome)
{
    m_previewHasChanges = false;
    m_previewText->clear();
    bool hasModels = false;
    if (const Registry *registry = m_session ? m_session->registry() : nullptr) {
        for (const QString &name : registry->entityNames())
            hasModels = hasModels || registry->entity(name).metaObject;
    }
    if (!m_session || !m_session->isOpen()) {
        m_previewLabel->setText(tr("No database is open."));
    } else if (!hasModels) {
        m_previewLabel->setText(
            tr("This database was opened without models: its entities were read from the live "
               "schema, so there are no models to compare it with. Open it with a models plugin "
               "to preview the migration its models need."));
    } else if (!outcome.previewRead) {
        m_previewLabel->setText(
            tr("Cannot compare the models with the database: %1").arg(outcome.previewError));
    } else if (outcome.previewUp.isEmpty()) {
        m_previewLabel->setText(
            tr("The live schema matches the models: there is no migration to generate."));
        if (!outcome.previewWarnings.isEmpty())
            m_previewText->setPlainText(outcome.previewWarnings.join(u'\n'));
    } else {
        m_previewHasChanges = true;
        m_previewLabel->setText(
            tr("%n change(s) would bring the live schema to the models' schema. Review the SQL, "
               "then write it into the migrations folder as a migration.",
               nullptr, int(outcome.previewChanges.size())));
        QString text;
        for (const QString &warning : outcome.previewWarnings)
            text += tr("-- WARNING: %1").arg(warning) + u'\n';
        text += tr("-- Changes:") + u'\n';
        for (const QString &change : outcome.previewChanges)
            text += QStringLiteral("--   ") + change + u'\n';
        const QString dialect = m_session->database().dialect().displayName();
        text += u'\n' + tr("-- up (%1)").arg(dialect) + u'\n';
        for (const QString &statement : outcome.previewUp)
            text += statement + QStringLiteral(";\n");
        text += u'\n' + tr("-- down (%1)").arg(dialect) + u'\n';
        for (const QString &statement : outcome.previewDown)
            text += statement + QStringLiteral(";\n");
        m_previewText->setPlainText(text);
    }
}

void MigrationsPanel::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    updateActions();
    emit busyChanged(busy);
}

void MigrationsPanel::updateActions()
{
    const bool idle = !m_busy && m_session && m_session->isOpen();
    const bool ready = idle && m_hasStatus;
    const bool hasApplied = !m_model->lastApplied().isEmpty();
    m_applyButton->setEnabled(ready && m_model->count(MigrationStatusModel::Status::Pending) > 0);
    m_rollBackButton->setEnabled(ready && hasApplied);
    m_redoButton->setEnabled(ready && hasApplied);
    m_refreshButton->setEnabled(idle);
    m_previewRefreshButton->setEnabled(idle);
    m_chooseButton->setEnabled(!m_busy);
    const int row = m_model->rowOf(selectedName());
    const bool partialSelected = ready && row >= 0 &&
                                 MigrationStatusModel::statusOf(m_model->state(row)) ==
                                     MigrationStatusModel::Status::Partial;
    m_markAppliedButton->setEnabled(partialSelected);
    m_markRolledBackButton->setEnabled(partialSelected);
    m_writeButton->setEnabled(idle && m_previewHasChanges && !m_path.isEmpty() &&
                              !m_previewName->text().trimmed().isEmpty());
}

void MigrationsPanel::log(const QString &line)
{
    m_log->appendPlainText(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")) +
                           QStringLiteral("  ") + line);
}

} // namespace RexOrm::Admin
