// A form for one row of an EntityListModel: a field per column, edits buffered in the model,
// Save writes them and shows the validation messages next to each field.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Pane {
    id: form
    required property var model // an EntityListModel
    property int row: -1
    property var fields: model.fields
    property var readOnlyFields: []
    property var errors: ({})   // field -> [messages] from the last save
    property string message: ""
    // Re-read whenever the rows or the buffered edits change (revision), not only with row.
    readonly property var record: model.revision, row >= 0 && row < model.count ? model.get(row)
                                                                                : ({})
    signal saved()

    function save() {
        form.errors = {};
        form.message = "";
        model.save(row);
    }

    Connections {
        target: form.model
        function onSaveFailed(row, message, fieldErrors) {
            if (row !== form.row)
                return;
            form.message = message;
            form.errors = fieldErrors;
        }
        function onSaved(row) {
            if (row === form.row)
                form.saved();
        }
    }

    ColumnLayout {
        anchors.fill: parent
        enabled: form.row >= 0

        Repeater {
            model: form.fields
            ColumnLayout {
                id: fieldItem
                required property string modelData
                readonly property var messages: form.errors[modelData] || []
                Layout.fillWidth: true
                Label { text: fieldItem.modelData }
                TextField {
                    objectName: "field_" + fieldItem.modelData
                    Layout.fillWidth: true
                    readOnly: form.readOnlyFields.indexOf(fieldItem.modelData) >= 0
                    text: {
                        const value = form.record[fieldItem.modelData];
                        return value === undefined || value === null ? "" : String(value);
                    }
                    onTextEdited: form.model.setProperty(form.row, fieldItem.modelData, text)
                }
                Label {
                    objectName: "errors_" + fieldItem.modelData
                    visible: fieldItem.messages.length > 0
                    text: fieldItem.messages.join("\n")
                    color: "firebrick"
                }
            }
        }

        Label {
            Layout.fillWidth: true
            visible: form.message !== ""
            text: form.message
            wrapMode: Text.Wrap
            color: "firebrick"
        }

        Button {
            text: qsTr("Save")
            onClicked: form.save()
        }
    }
}
