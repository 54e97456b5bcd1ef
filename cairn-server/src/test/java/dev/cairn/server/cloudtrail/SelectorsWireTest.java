package dev.cairn.server.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.json.JsonProtocol;
import dev.cairn.selector.AdvancedSelectors;
import dev.cairn.selector.BasicSelectors;
import dev.cairn.selector.DataResource;
import dev.cairn.selector.EventSelector;
import dev.cairn.selector.FieldSelector;
import dev.cairn.selector.InvalidEventSelectorsException;
import dev.cairn.selector.ReadWriteType;
import dev.cairn.selector.TrailSelectors;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectorsWireTest {

    private static JsonNode json(String text) {
        try {
            return JsonProtocol.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static ObjectNode written(TrailSelectors selectors) {
        ObjectNode out = JsonProtocol.MAPPER.createObjectNode();
        SelectorsWire.write(selectors, out);
        return out;
    }

    @Test
    void absentBasicMembersTakeAwsDefaults() {
        TrailSelectors read = SelectorsWire.read(json("[{}]"), null);

        assertThat(read)
                .isEqualTo(
                        new BasicSelectors(List.of(new EventSelector(ReadWriteType.ALL, true, List.of(), List.of()))));
        assertThat(written(read).toString())
                .isEqualTo("{\"EventSelectors\":[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true,"
                        + "\"DataResources\":[],\"ExcludeManagementEventSources\":[]}]}");
    }

    @Test
    void basicSelectorsMapToTheModelAndBack() {
        String wire = "{\"EventSelectors\":[{\"ReadWriteType\":\"WriteOnly\",\"IncludeManagementEvents\":false,"
                + "\"DataResources\":[{\"Type\":\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3:::b/\"]}],"
                + "\"ExcludeManagementEventSources\":[\"kms.amazonaws.com\"]}]}";

        TrailSelectors read = SelectorsWire.read(json(wire).get("EventSelectors"), null);

        assertThat(read)
                .isEqualTo(new BasicSelectors(List.of(new EventSelector(
                        ReadWriteType.WRITE_ONLY,
                        false,
                        List.of(new DataResource("AWS::S3::Object", List.of("arn:aws:s3:::b/"))),
                        List.of("kms.amazonaws.com")))));
        assertThat(written(read)).isEqualTo(json(wire));
    }

    @Test
    void advancedSelectorsKeepOnlyTheOperatorsAndNameGiven() {
        String wire = "{\"AdvancedEventSelectors\":[{\"Name\":\"Log all management events\",\"FieldSelectors\":"
                + "[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]},{\"FieldSelectors\":["
                + "{\"Field\":\"eventCategory\",\"Equals\":[\"Data\"]},"
                + "{\"Field\":\"resources.type\",\"Equals\":[\"AWS::S3::Object\"]},"
                + "{\"Field\":\"resources.ARN\",\"StartsWith\":[\"arn:aws:s3:::a/\"],\"NotEndsWith\":[\".tmp\"]}]}]}";

        TrailSelectors read = SelectorsWire.read(null, json(wire).get("AdvancedEventSelectors"));

        AdvancedSelectors advanced = (AdvancedSelectors) read;
        assertThat(advanced.selectors()).hasSize(2);
        assertThat(advanced.selectors().get(1).name()).isNull();
        assertThat(advanced.selectors().get(1).fieldSelectors().get(2))
                .isEqualTo(new FieldSelector(
                        "resources.ARN", null, List.of("arn:aws:s3:::a/"), null, null, null, List.of(".tmp")));
        assertThat(written(read)).isEqualTo(json(wire));
    }

    @Test
    void exactlyOneKindMustBeGiven() {
        assertThatThrownBy(() -> SelectorsWire.read(json("[{}]"), json("[]")))
                .isInstanceOf(InvalidEventSelectorsException.class)
                .hasMessage(InvalidEventSelectorsException.bothKinds().getMessage());
        assertThatThrownBy(() -> SelectorsWire.read(null, json("null")))
                .isInstanceOf(InvalidEventSelectorsException.class)
                .hasMessage(InvalidEventSelectorsException.neitherKind().getMessage());
    }

    @Test
    void wrongShapesAreInvalidEventSelectors() {
        assertThatThrownBy(() -> SelectorsWire.read(json("[{\"ReadWriteType\":\"read-only\"}]"), null))
                .isInstanceOf(InvalidEventSelectorsException.class)
                .hasMessageContaining("read-only");
        assertThatThrownBy(() -> SelectorsWire.read(json("[{\"IncludeManagementEvents\":\"yes\"}]"), null))
                .isInstanceOf(InvalidEventSelectorsException.class);
        assertThatThrownBy(() -> SelectorsWire.read(json("[{\"DataResources\":[{\"Values\":[]}]}]"), null))
                .isInstanceOf(InvalidEventSelectorsException.class)
                .hasMessageContaining("DataResources.Type");
        assertThatThrownBy(() -> SelectorsWire.read(null, json("[{\"FieldSelectors\":[{\"Equals\":[\"x\"]}]}]")))
                .isInstanceOf(InvalidEventSelectorsException.class)
                .hasMessageContaining("Field");
        assertThatThrownBy(() -> SelectorsWire.read(json("{}"), null))
                .isInstanceOf(InvalidEventSelectorsException.class);
    }
}
