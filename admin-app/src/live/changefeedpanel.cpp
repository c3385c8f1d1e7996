#include "changefeedpanel.h"
#include "changelogmodel.h"

#include <session/async.h>
#include <session/session.h>

#include <rexorm/changes/changelog.h>

#include <QtWidgets/QCheckBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

namespace RexOrm::Admin {

ChangeFeedPanel::ChangeFeedPanel(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_log(new ChangeLogModel(1000, this)),
      m_status(new QLabel(this)), m_install(new QPushButton(tr("Install change triggers…"), this)),
      m_pause(new QCheckBox(tr("Pause"), this)), m_view(new QTableView(this))
{
    m_status->setWordWrap(true);
    m_install->setToolTip(tr("Adds triggers to every table so that changes made by other "
                             "programs (psql, the CLI, other servers) show here too."));
    auto *clear = new QPushButton(tr("Clear"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_pause);
    buttons->addStretch();
    buttons->addWidget(m_install);
    buttons->addWidget(clear);
    m_view->setModel(m_log);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    layout->addWidget(m_view);

    connect(clear, &QPushButton::clicked, m_log, &ChangeLogModel::clear);
    connect(m_install, &QPushButton::clicked, this, [this] { installTriggers(); });
    connect(session, &Session::changed, this, [this](const ChangeEvent &event, const QString &e) {
        if (!m_pause->isChecked())
            m_log->add(event, e);
    });
    connect(session, &Session::gap, this, [this](const QString &reason) {
        m_status->setText(tr("Some changes may have been missed: %1").arg(reason));
    });
    connect(session, &Session::opened, this, &ChangeFeedPanel::updateStatus);
    connect(session, &Session::closed, this, &ChangeFeedPanel::updateStatus);
    connect(session, &Session::liveStatusChanged, this, &ChangeFeedPanel::updateStatus);
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const QString entity = index.data(ChangeLogModel::EntityRole).toString();
        const QVariantMap key = index.data(ChangeLogModel::KeyRole).toMap();
        if (!entity.isEmpty() && !key.isEmpty())
            emit rowActivated(entity, key);
    });
    updateStatus();
}

void ChangeFeedPanel::updateStatus()
{
    if (!m_session || !m_session->isOpen()) {
        m_status->setText(tr("No database is open."));
        m_install->setEnabled(false);
        return;
    }
    const QStringList tables = m_session->liveTables();
    m_install->setEnabled(!m_installing);
    if (!m_session->liveError().isEmpty())
        m_status->setText(
            tr("Listening for other clients' changes failed: %1").arg(m_session->liveError()));
    else if (tables.isEmpty())
        m_status->setText(tr("Showing the changes this window makes. Changes by other programs "
                             "show too once change triggers are installed."));
    else
        m_status->setText(tr("Showing every client's changes to %n table(s) (change triggers "
                             "installed), and this window's own.",
                             nullptr, int(tables.size())));
}

void ChangeFeedPanel::installTriggers(bool confirm)
{
    if (!m_session || !m_session->isOpen() || m_installing)
        return;
    if (confirm &&
        QMessageBox::question(this, tr("Install change triggers"),
                              tr("This adds a trigger to every table of %1 (and, on SQLite and "
                                 "MySQL, a change-log table). `rexorm realtime:uninstall` "
                                 "removes them. Go on?")
                                  .arg(m_session->displayUrl())) != QMessageBox::Yes)
        return;
    m_installing = true;
    m_install->setEnabled(false);
    m_status->setText(tr("Installing change triggers…"));
    const Database db = m_session->database();
    whenFinished(
        db.run([db] { return ChangeLog::install(db); }), this,
        [this](const QStringList &) {
            m_installing = false;
            if (m_session)
                m_session->restartFeed(); // its listener starts for the new triggers
            updateStatus();
        },
        [this](const QString &message) {
            m_installing = false;
            updateStatus();
            m_status->setText(tr("Installing change triggers failed: %1").arg(message));
        });
}

} // namespace RexOrm::Admin
