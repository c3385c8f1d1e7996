#pragma once

#include "exportjob.h"

#include <QtWidgets/QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace RexOrm::Admin {

class Session;

// Asks for a format and a file, then exports the rows of an entity (with the grid's filter and
// sort) and shows the progress. Cancel stops a running export (the file is left as it was) and
// otherwise closes the dialog.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    ExportDialog(Session *session, const QString &entity, QWidget *parent = nullptr);
    ~ExportDialog() override;

    void setWhere(const QJsonObject &where);
    void setOrderBy(const QJsonArray &orderBy);
    void setFields(const QStringList &fields);
    void setPath(const QString &path);
    void setFormat(ExportJob::Format format);

    QString path() const;
    ExportJob::Format format() const;
    ExportJob *job() const { return m_job; }
    QProgressBar *progressBar() const { return m_progress; }
    QString statusText() const;

public slots:
    void startExport();
    void chooseFile();
    void reject() override; // cancels a running export first

signals:
    void exported(const QString &path);

private:
    void formatChanged();
    void exportFinished(bool ok, const QString &message);
    void updateButtons();

    ExportJob *m_job = nullptr;
    QComboBox *m_format = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_browse = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_export = nullptr;
};

} // namespace RexOrm::Admin
