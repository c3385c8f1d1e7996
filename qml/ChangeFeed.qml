// The latest committed changes of the database, newest first ("update Task {"id":7}").
import QtQuick
import QtQuick.Controls
import RexOrm

ListView {
    id: feed
    property alias capacity: changes.capacity
    clip: true
    model: ChangeFeedModel { id: changes }
    delegate: Label {
        required property string op
        required property string entity
        required property string key
        required property var at
        width: ListView.view.width
        padding: 4
        text: Qt.formatTime(at, "hh:mm:ss") + "  " + op + "  " + entity + "  " + key
        color: op === "delete" ? "firebrick" : op === "insert" ? "seagreen" : palette.text
        elide: Text.ElideRight
    }
}
