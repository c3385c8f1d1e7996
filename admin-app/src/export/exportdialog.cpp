#include "exportdialog.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <limits>

namespace RexOrm::Admin {

namespace {

QString suffixOf(ExportJob::Format format)
{
    return format == ExportJob::Format::Json ? QStringLiteral("json") : QStringLiteral("csv");
}

} // namespace

ExportDialog::ExportDialog(Session *session, const QString &entity, QWidget *parent)
    : QDialog(parent), m_job(new ExportJob(session, this))
{
    setWindowTitle(tr("Export %1").arg(entity));
    m_job->setEntity(entity);

    m_format = new QComboBox(this);
    m_format->addItem(tr("CSV (comma-separated values)"),
                      QVariant::fromValue(ExportJob::Format::Csv));
    m_format->addItem(tr("JSON (an array of objects)"),
                      QVariant::fromValue(ExportJob::Format::Json));
    m_path = new QLineEdit(this);
    m_path->setText(QDir::home().filePath(entity + QStringLiteral(".csv")));
    m_browse = new QPushButton(tr("Browse…"), this);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);

    auto *form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    auto *pathLabel = new QLabel(tr("&File:"), this);
    pathLabel->setBuddy(m_path);
    form->addRow(pathLabel, pathRow);

    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_export = m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    m_export->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::chooseFile);
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::updateButtons);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    connect(m_job, &ExportJob::progress, this, [this](qint64 done, qint64 total) {
        // QProgressBar counts in int: scale large exports down.
        const qint64 scale = std::max<qint64>(1, total / std::numeric_limits<int>::max() + 1);
        m_progress->setRange(0, int(std::max<qint64>(total, 1) / scale));
        m_progress->setValue(int(std::min(done, std::max<qint64>(total, 1)) / scale));
        m_status->setText(tr("%L1 of %L2 rows written…").arg(done).arg(total));
    });
    connect(m_job, &ExportJob::finished, this, &ExportDialog::exportFinished);
    updateButtons();
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::setWhere(const QJsonObject &where)
{
    m_job->setWhere(where);
}

void ExportDialog::setOrderBy(const QJsonArray &orderBy)
{
    m_job->setOrderBy(orderBy);
}

void ExportDialog::setFields(const QStringList &fields)
{
    m_job->setFields(fields);
}

void ExportDialog::setPath(const QString &path)
{
    m_path->setText(QDir::toNativeSeparators(path));
    const ExportJob::Format format = ExportJob::formatForPath(path);
    if (format == ExportJob::Format::Json ||
        path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        setFormat(format);
}

void ExportDialog::setFormat(ExportJob::Format format)
{
    m_format->setCurrentIndex(m_format->findData(QVariant::fromValue(format)));
}

QString ExportDialog::path() const
{
    return QDir::fromNativeSeparators(m_path->text().trimmed());
}

ExportJob::Format ExportDialog::format() const
{
    return m_format->currentData().value<ExportJob::Format>();
}

QString ExportDialog::statusText() const
{
    return m_status->text();
}

void ExportDialog::formatChanged()
{
    // Keep the file's suffix in step with the format.
    const QString current = path();
    if (current.isEmpty())
        return;
    const QFileInfo info(current);
    const QString suffix = info.suffix().toLower();
    if (suffix != u"csv" && suffix != u"json")
        return;
    const QString wanted = suffixOf(format());
    if (suffix != wanted)
        m_path->setText(
            QDir::toNativeSeparators(info.dir().filePath(info.completeBaseName() + u'.' + wanted)));
}

void ExportDialog::chooseFile()
{
    const QString filter = format() == ExportJob::Format::Json
                               ? tr("JSON files (*.json);;All files (*)")
                               : tr("CSV files (*.csv);;All files (*)");
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export to"), path(), filter);
    if (!chosen.isEmpty())
        setPath(chosen);
}

void ExportDialog::startExport()
{
    if (m_job->isRunning())
        return;
    m_job->setPath(path());
    m_job->setFormat(format());
    m_progress->setRange(0, 0); // busy until the count arrives
    m_status->setText(tr("Counting rows…"));
    m_job->start();
    updateButtons();
}

void ExportDialog::exportFinished(bool ok, const QString &message)
{
    m_progress->setRange(0, 1);
    m_progress->setValue(ok ? 1 : 0);
    m_status->setText(message);
    updateButtons();
    if (ok)
        emit exported(path());
}

void ExportDialog::reject()
{
    if (m_job->isRunning()) {
        m_job->cancel();
        return;
    }
    QDialog::reject();
}

void ExportDialog::updateButtons()
{
    const bool running = m_job->isRunning();
    m_export->setEnabled(!running && !path().isEmpty());
    m_format->setEnabled(!running);
    m_path->setEnabled(!running);
    m_browse->setEnabled(!running);
    m_buttons->button(QDialogButtonBox::Cancel)->setText(running ? tr("&Cancel") : tr("&Close"));
}

} // namespace RexOrm::Admin
