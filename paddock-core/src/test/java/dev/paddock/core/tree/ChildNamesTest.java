package dev.paddock.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A listing writes the stored name bytes as the strings a plain list of the same names would be written as. */
class ChildNamesTest {
    @Test
    void aListingReadsWritesAndCountsAsItsNames() throws Exception {
        DataTree t = new DataTree();
        t.createNode("/p", null, DataTree.OPEN_ACL, 0, -1, 1, 0);
        String[] names = {"a", "zz-0000000001", "ünïcödé", "日本", "b"};
        long zxid = 2;
        for (String n : names) {
            t.createNode("/p/" + n, null, DataTree.OPEN_ACL, 0, -1, zxid++, 0);
        }
        List<String> listing = t.get("/p").children();
        assertThat(listing).containsExactlyInAnyOrder(names);
        List<String> plain = new ArrayList<>(listing);

        JuteOutput fromTree = new JuteOutput();
        fromTree.writeList(listing, JuteOutput::writeString);
        JuteOutput fromStrings = new JuteOutput();
        fromStrings.writeList(plain, JuteOutput::writeString);
        assertThat(fromTree.toByteArray()).isEqualTo(fromStrings.toByteArray());
        assertThat(new JuteInput(fromTree.toByteArray()).readList(JuteInput::readString)).isEqualTo(plain);

        assertThat(listing).isInstanceOf(ChildNames.class);
        assertThat(((ChildNames) listing).totalLength()).isEqualTo(plain.stream().mapToLong(String::length).sum());
        assertThatThrownBy(() -> listing.add("x")).isInstanceOf(UnsupportedOperationException.class);

        // the listing is of one moment: later changes do not show in it
        t.createNode("/p/c", null, DataTree.OPEN_ACL, 0, -1, zxid, 0);
        assertThat(listing).hasSize(names.length);
        assertThat(t.get("/p").children()).hasSize(names.length + 1);
    }
}
