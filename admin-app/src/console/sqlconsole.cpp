#include "sqlconsole.h"
#include "sqlhistory.h"
#include "sqlresultmodel.h"

#include <session/session.h>

#include <QtCore/QLocale>
#include <QtGui/QFontDatabase>
#include <QtGui/QKeyEvent>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

namespace RexOrm::Admin {

namespace {

constexpr int HistoryLabelLength = 80;

QString milliseconds(qint64 ms)
{
    return QLocale().toString(ms);
}

} // namespace

SqlConsole::SqlConsole(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_runner(new SqlRunner(this)),
      m_model(new SqlResultModel(this))
{
    m_editor = new QPlainTextEdit(this);
    m_editor->setObjectName(QStringLiteral("sqlEditor"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setPlaceholderText(tr("Type one SQL statement; Ctrl+Enter runs it."));
    m_editor->setTabChangesFocus(true);
    m_editor->installEventFilter(this);

    m_runButton = new QPushButton(tr("&Run"), this);
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runButton->setToolTip(tr("Run the statement (Ctrl+Enter)"));
    m_cancelButton = new QPushButton(tr("&Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setToolTip(tr("Stop the running statement (Escape)"));
    m_historyBox = new QComboBox(this);
    m_historyBox->setObjectName(QStringLiteral("historyBox"));
    m_historyBox->setPlaceholderText(tr("History"));
    m_historyBox->setToolTip(tr("Earlier statements (Ctrl+Up, Ctrl+Down)"));
    m_historyBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_historyBox->setMinimumContentsLength(30);

    m_resultView = new QTableView(this);
    m_resultView->setObjectName(QStringLiteral("resultView"));
    m_resultView->setModel(m_model);
    m_resultView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_resultView->setWordWrap(false);
    m_resultView->horizontalHeader()->setMaximumSectionSize(400);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_cancelButton);
    buttons->addStretch();
    buttons->addWidget(m_historyBox, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_editor);
    splitter->addWidget(m_resultView);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    connect(m_runButton, &QPushButton::clicked, this, &SqlConsole::run);
    connect(m_cancelButton, &QPushButton::clicked, this, &SqlConsole::cancel);
    connect(m_historyBox, &QComboBox::activated, this, &SqlConsole::recall);

    connect(m_runner, &SqlRunner::stateChanged, this, [this](SqlRunner::State state) {
        if (state == SqlRunner::State::Running)
            setStatus(tr("Running…"));
        else if (state == SqlRunner::State::Cancelling)
            setStatus(tr("Cancelling…"));
        updateActions();
    });
    connect(m_runner, &SqlRunner::finished, this, &SqlConsole::showResult);
    connect(m_runner, &SqlRunner::failed, this, [this](const QString &message) {
        m_model->clear();
        setStatus(message, true);
    });
    connect(m_runner, &SqlRunner::cancelled, this, [this](qint64 elapsedMs) {
        m_model->clear();
        setStatus(tr("Cancelled after %1 ms.").arg(milliseconds(elapsedMs)));
    });
    connect(m_runner, &SqlRunner::cancelFailed, this,
            [this](const QString &message) { setStatus(message, true); });

    showHistory(SqlHistory::load());
    if (m_session) {
        connect(m_session, &Session::opened, this, &SqlConsole::sessionOpened);
        connect(m_session, &Session::closed, this, &SqlConsole::sessionClosed);
    }
    if (m_session && m_session->isOpen())
        sessionOpened();
    else
        sessionClosed();
}

SqlConsole::~SqlConsole() = default;

QString SqlConsole::statusText() const
{
    return m_status->text();
}

void SqlConsole::sessionOpened()
{
    m_runner->setDatabase(m_session->database());
    m_model->clear();
    setEnabled(true);
    setStatus(tr("Connected to %1.").arg(m_session->displayUrl()));
    updateActions();
}

void SqlConsole::sessionClosed()
{
    m_runner->clearDatabase();
    m_model->clear();
    setEnabled(false);
    setStatus(tr("No database is open."));
    updateActions();
}

void SqlConsole::updateActions()
{
    const bool ready = m_runner->hasDatabase();
    m_runButton->setEnabled(ready && !m_runner->isBusy());
    m_cancelButton->setEnabled(m_runner->state() == SqlRunner::State::Running);
}

void SqlConsole::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_statusIsError = error;
    if (error) {
        QPalette palette = m_status->palette();
        palette.setColor(QPalette::WindowText, QColor(0xb7, 0x1c, 0x1c));
        m_status->setPalette(palette);
    } else {
        m_status->setPalette(QPalette());
    }
}

bool SqlConsole::run()
{
    const QString statement = m_editor->toPlainText();
    if (statement.trimmed().isEmpty()) {
        setStatus(tr("Type a statement first."));
        return false;
    }
    if (!m_runner->run(statement))
        return false;
    showHistory(SqlHistory::record(statement));
    m_historyIndex = -1;
    m_draft.clear();
    return true;
}

void SqlConsole::cancel()
{
    m_runner->cancel();
}

void SqlConsole::showResult(const SqlResult &result)
{
    const QString time = milliseconds(result.elapsedMs);
    if (result.returnsRows()) {
        m_model->setResult(result.columns, result.rows);
        m_resultView->resizeColumnsToContents();
        QString text = tr("%n row(s) in %1 ms.", nullptr, int(result.rows.size())).arg(time);
        if (result.truncated)
            text += u' ' + tr("Only the first %n rows were fetched.", nullptr, m_runner->maxRows());
        setStatus(text);
        return;
    }
    m_model->clear();
    if (result.rowsAffected >= 0)
        setStatus(tr("%n row(s) affected in %1 ms.", nullptr, int(result.rowsAffected)).arg(time));
    else
        setStatus(tr("Statement executed in %1 ms.").arg(time));
}

void SqlConsole::showHistory(const QStringList &history)
{
    m_history = history;
    m_historyBox->clear();
    for (const QString &entry : history) {
        QString label = entry.simplified();
        if (label.size() > HistoryLabelLength)
            label = label.left(HistoryLabelLength) + QStringLiteral("…");
        m_historyBox->addItem(label, entry);
        m_historyBox->setItemData(m_historyBox->count() - 1, entry, Qt::ToolTipRole);
    }
    m_historyBox->setCurrentIndex(-1);
}

void SqlConsole::recall(int index)
{
    if (index < -1 || index >= m_history.size())
        return;
    if (m_historyIndex == -1)
        m_draft = m_editor->toPlainText();
    m_historyIndex = index;
    m_editor->setPlainText(index == -1 ? m_draft : m_history.at(index));
    m_editor->moveCursor(QTextCursor::End);
    m_historyBox->setCurrentIndex(index);
}

void SqlConsole::recallPrevious()
{
    if (m_historyIndex + 1 < m_history.size())
        recall(m_historyIndex + 1);
}

void SqlConsole::recallNext()
{
    if (m_historyIndex >= 0)
        recall(m_historyIndex - 1);
}

bool SqlConsole::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_editor && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool control = key->modifiers().testFlag(Qt::ControlModifier);
        if (control && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
            run();
            return true;
        }
        if (control && key->key() == Qt::Key_Up) {
            recallPrevious();
            return true;
        }
        if (control && key->key() == Qt::Key_Down) {
            recallNext();
            return true;
        }
        if (key->key() == Qt::Key_Escape && m_runner->state() == SqlRunner::State::Running) {
            cancel();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace RexOrm::Admin
