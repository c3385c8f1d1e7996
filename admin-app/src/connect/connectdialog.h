#pragma once

#include <QtWidgets/QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QStackedWidget;

namespace RexOrm::Admin {

// Where to connect: a SQLite file, a PostgreSQL or MySQL/MariaDB server, or a URL; with the
// recent connections (their passwords only if the user asked to keep them).
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget *parent = nullptr);

    QString url() const; // with the password typed, if any
    bool keepPassword() const;
    void setUrl(const QString &url);

    void accept() override;

private:
    void showRecent(int row);
    QComboBox *m_kind;
    QStackedWidget *m_pages;
    QLineEdit *m_file;
    QComboBox *m_driver;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLineEdit *m_url;
    QCheckBox *m_keepPassword;
    QListWidget *m_recent;
    QLabel *m_error;
};

} // namespace RexOrm::Admin
