package io.sen2cor.operator.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The skip check's answer must fit the 4096 bytes of a termination message for the largest selection. */
class SucceededScenesTest {

    static final List<String> SCENES = IntStream.range(0, 10_000)
            .mapToObj(i -> String.format("S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_2019012%dT%06d", i % 10, i)).toList();

    @Test
    void tenThousandScenesFitATerminationMessageAndComeBackExactly() {
        Set<String> done = new HashSet<>();
        for (int i = 0; i < SCENES.size(); i += 3) {
            done.add(SCENES.get(i));
        }
        done.add(SCENES.get(9_999));

        String message = SucceededScenes.encode(SCENES, done);

        assertThat(message.length()).isLessThan(4096);
        assertThat(SucceededScenes.decode(SCENES, message)).isEqualTo(done);
        assertThat(SucceededScenes.decode(SCENES, SucceededScenes.encode(SCENES, Set.of()))).isEmpty();
        assertThat(SucceededScenes.decode(SCENES, SucceededScenes.encode(SCENES, Set.copyOf(SCENES)))).hasSize(10_000);
    }

    @Test
    void anAnswerForAnotherManifestOrAnythingElseIsRefused() {
        String message = SucceededScenes.encode(SCENES.subList(0, 3), Set.of(SCENES.get(1)));

        assertThatThrownBy(() -> SucceededScenes.decode(SCENES.subList(0, 4), message))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read 3 scenes, 4 were asked");
        assertThatThrownBy(() -> SucceededScenes.decode(SCENES, "exit code 1: java.lang.OutOfMemoryError"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a skip check result");
        assertThatThrownBy(() -> SucceededScenes.decode(SCENES, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
