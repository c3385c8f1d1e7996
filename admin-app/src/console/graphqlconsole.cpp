#include "graphqlconsole.h"

#include <session/async.h>
#include <session/session.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QLocale>
#include <QtGui/QFontDatabase>
#include <QtGui/QKeyEvent>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QVBoxLayout>

namespace RexOrm::Admin {

namespace {

QPlainTextEdit *codeEditor(QWidget *parent, const QString &objectName)
{
    auto *editor = new QPlainTextEdit(parent);
    editor->setObjectName(objectName);
    editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor->setTabChangesFocus(true);
    return editor;
}

} // namespace

GraphQLConsole::GraphQLConsole(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    m_query = codeEditor(this, QStringLiteral("queryEditor"));
    m_query->setPlaceholderText(tr("A GraphQL query; Ctrl+Enter runs it."));
    m_query->installEventFilter(this);
    m_variables = codeEditor(this, QStringLiteral("variablesEditor"));
    m_variables->setPlaceholderText(tr("Variables as a JSON object, e.g. {\"limit\": 10}"));
    m_variables->installEventFilter(this);

    m_response = codeEditor(this, QStringLiteral("responseView"));
    m_response->setReadOnly(true);
    m_response->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_schema = codeEditor(this, QStringLiteral("schemaView"));
    m_schema->setReadOnly(true);
    m_schema->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_response, tr("Response"));
    m_tabs->addTab(m_schema, tr("Schema"));

    m_runButton = new QPushButton(tr("&Run"), this);
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runButton->setToolTip(tr("Send the query (Ctrl+Enter)"));
    m_schemaButton = new QPushButton(tr("Show &Schema"), this);
    m_schemaButton->setObjectName(QStringLiteral("schemaButton"));
    m_schemaButton->setToolTip(tr("Show the schema of the generated API in SDL"));

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);

    auto *variablesBox = new QWidget(this);
    auto *variablesLayout = new QVBoxLayout(variablesBox);
    variablesLayout->setContentsMargins(0, 0, 0, 0);
    variablesLayout->addWidget(new QLabel(tr("Variables (JSON):"), variablesBox));
    variablesLayout->addWidget(m_variables);

    auto *inputs = new QSplitter(Qt::Vertical, this);
    inputs->addWidget(m_query);
    inputs->addWidget(variablesBox);
    inputs->setStretchFactor(0, 3);
    inputs->setStretchFactor(1, 1);
    auto *panes = new QSplitter(Qt::Horizontal, this);
    panes->addWidget(inputs);
    panes->addWidget(m_tabs);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_schemaButton);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(panes, 1);
    layout->addWidget(m_status);

    connect(m_runButton, &QPushButton::clicked, this, &GraphQLConsole::run);
    connect(m_schemaButton, &QPushButton::clicked, this, &GraphQLConsole::showSchema);

    if (m_session) {
        connect(m_session, &Session::opened, this, &GraphQLConsole::sessionOpened);
        connect(m_session, &Session::closed, this, &GraphQLConsole::sessionClosed);
    }
    if (m_session && m_session->isOpen())
        sessionOpened();
    else
        sessionClosed();
}

GraphQLConsole::~GraphQLConsole() = default;

QString GraphQLConsole::statusText() const
{
    return m_status->text();
}

void GraphQLConsole::sessionOpened()
{
    ++m_generation;
    m_running = false;
    m_response->clear();
    m_schema->clear();
    setEnabled(true);
    setStatus(tr("Connected to %1.").arg(m_session->displayUrl()));
}

void GraphQLConsole::sessionClosed()
{
    ++m_generation;
    m_running = false;
    m_response->clear();
    m_schema->clear();
    m_lastResponse = {};
    setEnabled(false);
    setStatus(tr("No database is open."));
}

void GraphQLConsole::setStatus(const QString &text, bool error)
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

std::optional<QJsonObject> GraphQLConsole::parseVariables(const QString &text, QString *error)
{
    if (text.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("The variables are not valid JSON: %1 (at character %2).")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = tr("The variables must be a JSON object, such as {\"id\": 1}.");
        return std::nullopt;
    }
    return document.object();
}

bool GraphQLConsole::run()
{
    if (!m_session || !m_session->isOpen())
        return false;
    const QString query = m_query->toPlainText();
    if (query.trimmed().isEmpty()) {
        setStatus(tr("Type a query first."));
        return false;
    }
    QString error;
    const std::optional<QJsonObject> variables = parseVariables(m_variables->toPlainText(), &error);
    if (!variables) {
        setStatus(error, true);
        m_variables->setFocus();
        return false;
    }
    const quint64 generation = ++m_generation;
    m_running = true;
    m_clock.start();
    setStatus(tr("Running…"));
    whenFinished(
        m_session->request(query, *variables), this,
        [this, generation](const QJsonObject &response) {
            if (generation != m_generation)
                return;
            m_running = false;
            showResponse(response);
            emit responseReceived(response);
        },
        [this, generation](const QString &message) {
            if (generation != m_generation)
                return;
            m_running = false;
            m_response->clear();
            setStatus(message, true);
            emit requestFailed(message);
        });
    return true;
}

void GraphQLConsole::showResponse(const QJsonObject &response)
{
    m_lastResponse = response;
    m_response->setPlainText(
        QString::fromUtf8(QJsonDocument(response).toJson(QJsonDocument::Indented)));
    m_tabs->setCurrentWidget(m_response);
    const QString time = QLocale().toString(m_clock.elapsed());
    const QJsonArray errors = response.value(QLatin1String("errors")).toArray();
    if (errors.isEmpty()) {
        setStatus(tr("Done in %1 ms.").arg(time));
        return;
    }
    const QString first = errors.first().toObject().value(QLatin1String("message")).toString();
    setStatus(tr("%n error(s): %1", nullptr, int(errors.size())).arg(first), true);
}

void GraphQLConsole::showSchema()
{
    if (!m_session || !m_session->isOpen())
        return;
    if (const auto service = m_session->graphql())
        m_schema->setPlainText(service->schema().toSdl());
    m_tabs->setCurrentWidget(m_schema);
}

bool GraphQLConsole::eventFilter(QObject *watched, QEvent *event)
{
    if ((watched == m_query || watched == m_variables) && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers().testFlag(Qt::ControlModifier) &&
            (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
            run();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace RexOrm::Admin
