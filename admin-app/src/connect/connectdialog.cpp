#include "connectdialog.h"
#include "recentconnections.h"

#include <session/session.h>

#include <rexorm/database/databaseconfig.h>
#include <rexorm/error.h>

#include <QtCore/QUrl>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QVBoxLayout>

namespace RexOrm::Admin {

namespace {
enum Kind { SqliteFile, Server, Url };
}

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent), m_kind(new QComboBox(this)), m_pages(new QStackedWidget(this)),
      m_file(new QLineEdit(this)), m_driver(new QComboBox(this)),
      m_host(new QLineEdit(QStringLiteral("127.0.0.1"), this)), m_port(new QSpinBox(this)),
      m_database(new QLineEdit(this)), m_user(new QLineEdit(this)), m_password(new QLineEdit(this)),
      m_url(new QLineEdit(this)),
      m_keepPassword(new QCheckBox(tr("Remember the password (stored as plain text)"), this)),
      m_recent(new QListWidget(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Open a database"));
    m_kind->addItems({tr("SQLite file"), tr("PostgreSQL or MySQL server"), tr("URL")});

    auto *filePage = new QWidget(this);
    auto *fileLayout = new QHBoxLayout(filePage);
    auto *browse = new QPushButton(tr("Browse…"), filePage);
    fileLayout->addWidget(m_file);
    fileLayout->addWidget(browse);
    m_file->setPlaceholderText(tr("/path/to/database.sqlite"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("SQLite database"), m_file->text(),
            tr("SQLite databases (*.sqlite *.sqlite3 *.db);;All files (*)"));
        if (!file.isEmpty())
            m_file->setText(file);
    });

    auto *serverPage = new QWidget(this);
    auto *serverLayout = new QFormLayout(serverPage);
    m_driver->addItem(tr("PostgreSQL"), QStringLiteral("postgres"));
    m_driver->addItem(tr("MySQL"), QStringLiteral("mysql"));
    m_driver->addItem(tr("MariaDB"), QStringLiteral("mariadb"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("default"));
    m_password->setEchoMode(QLineEdit::Password);
    serverLayout->addRow(tr("Server:"), m_driver);
    serverLayout->addRow(tr("Host:"), m_host);
    serverLayout->addRow(tr("Port:"), m_port);
    serverLayout->addRow(tr("Database:"), m_database);
    serverLayout->addRow(tr("User:"), m_user);
    serverLayout->addRow(tr("Password:"), m_password);
    serverLayout->addRow(QString(), m_keepPassword);

    auto *urlPage = new QWidget(this);
    auto *urlLayout = new QVBoxLayout(urlPage);
    m_url->setPlaceholderText(QStringLiteral("postgres://user:password@host:5432/database"));
    urlLayout->addWidget(m_url);
    urlLayout->addStretch();

    m_pages->addWidget(filePage);
    m_pages->addWidget(serverPage);
    m_pages->addWidget(urlPage);
    connect(m_kind, &QComboBox::currentIndexChanged, m_pages, &QStackedWidget::setCurrentIndex);

    for (const QString &url : recentConnections())
        (new QListWidgetItem(withoutPassword(url), m_recent))->setData(Qt::UserRole, url);
    connect(m_recent, &QListWidget::currentRowChanged, this, &ConnectDialog::showRecent);
    connect(m_recent, &QListWidget::itemDoubleClicked, this, &ConnectDialog::accept);

    m_error->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    m_error->setWordWrap(true);
    m_error->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectDialog::reject);

    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    form->addRow(tr("Connect to:"), m_kind);
    layout->addLayout(form);
    layout->addWidget(m_pages);
    if (m_recent->count() > 0) {
        layout->addWidget(new QLabel(tr("Recent connections:"), this));
        layout->addWidget(m_recent);
    } else {
        m_recent->hide();
    }
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

QString ConnectDialog::url() const
{
    switch (m_kind->currentIndex()) {
    case SqliteFile:
        return m_file->text().trimmed().isEmpty() ? QString()
                                                  : Session::normalizeUrl(m_file->text());
    case Server: {
        QUrl url;
        url.setScheme(m_driver->currentData().toString());
        url.setHost(m_host->text().trimmed());
        if (m_port->value() > 0)
            url.setPort(m_port->value());
        url.setUserName(m_user->text());
        url.setPassword(m_password->text());
        url.setPath(u'/' + m_database->text().trimmed());
        return url.toString();
    }
    default:
        return m_url->text().trimmed();
    }
}

bool ConnectDialog::keepPassword() const
{
    return m_kind->currentIndex() == Server && m_keepPassword->isChecked();
}

void ConnectDialog::setUrl(const QString &text)
{
    const QUrl url(text);
    if (url.scheme() == u"sqlite") {
        m_kind->setCurrentIndex(SqliteFile);
        m_file->setText(url.path());
    } else if (const int driver = m_driver->findData(url.scheme()); driver >= 0) {
        m_kind->setCurrentIndex(Server);
        m_driver->setCurrentIndex(driver);
        m_host->setText(url.host());
        m_port->setValue(std::max(0, url.port()));
        m_database->setText(url.path().mid(1));
        m_user->setText(url.userName());
        m_password->setText(url.password());
        m_keepPassword->setChecked(!url.password().isEmpty());
    } else {
        m_kind->setCurrentIndex(Url);
        m_url->setText(text);
    }
}

void ConnectDialog::showRecent(int row)
{
    if (QListWidgetItem *item = m_recent->item(row))
        setUrl(item->data(Qt::UserRole).toString());
}

void ConnectDialog::accept()
{
    const QString text = url();
    if (text.isEmpty()) {
        m_error->setText(tr("Say which database to open."));
        m_error->show();
        return;
    }
    try {
        DatabaseConfig::fromUrl(Session::normalizeUrl(text)).validate(); // parsing only
    } catch (const Error &e) {
        m_error->setText(e.message());
        m_error->show();
        return;
    }
    QDialog::accept();
}

} // namespace RexOrm::Admin
