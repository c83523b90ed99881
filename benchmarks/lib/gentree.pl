#!/usr/bin/perl
# Writes the --scale tree of the Indra benchmark suite as a tar archive (ustar) on stdout, without touching the
# file system: ROOT/dDDD/sSS/fFFF.txt for DIRS x SUBDIRS x FILES files (default 100 x 10 x 100 = 100,000 files in
# 1,100 directories), each file with distinct text content of 64..4,159 bytes. Deterministic: the same archive
# on every run (fixed mtime 2024-01-01, mode 0644 files / 0755 directories, owner 0:0).
#   gentree.pl ROOT [DIRS SUBDIRS FILES] > tree.tar
use strict;
use warnings;

my ($root, $dirs, $subdirs, $files) = @ARGV;
die "usage: gentree.pl ROOT [DIRS SUBDIRS FILES] > tree.tar\n" unless defined $root;
$dirs //= 100; $subdirs //= 10; $files //= 100;
binmode STDOUT;
my $mtime = 1704067200;
my $seed = 12345;
sub rnd { $seed = ($seed * 1103515245 + 12345) % 2147483648; return $seed; }
my $line = join('', map { chr(97 + $_ % 26) } 0 .. 63) . "\n";

sub header {
    my ($name, $type, $mode, $size) = @_;
    die "name too long: $name\n" if length($name) > 99;
    my $h = pack('a100 a8 a8 a8 a12 a12 A8 a1 a100 a6 a2 a32 a32 a8 a8 a155 a12',
        $name, sprintf('%07o', $mode), sprintf('%07o', 0), sprintf('%07o', 0), sprintf('%011o', $size),
        sprintf('%011o', $mtime), '', $type, '', "ustar\0", '00', 'root', 'root', '', '', '', '');
    my $sum = 0; $sum += $_ for unpack('C*', substr($h, 0, 148) . (' ' x 8) . substr($h, 156));
    substr($h, 148, 8) = sprintf('%06o', $sum) . "\0 ";
    print $h;
}

my $count = 0;
header("$root/", '5', 0755, 0);
for my $d (0 .. $dirs - 1) {
    my $dp = sprintf('%s/d%03d', $root, $d);
    header("$dp/", '5', 0755, 0);
    for my $s (0 .. $subdirs - 1) {
        my $sp = sprintf('%s/s%02d', $dp, $s);
        header("$sp/", '5', 0755, 0);
        for my $f (0 .. $files - 1) {
            my $path = sprintf('%s/f%03d.txt', $sp, $f);
            my $size = 64 + rnd() % 4096;
            my $body = substr("$path $count\n" . ($line x int($size / 65 + 1)), 0, $size);
            header($path, '0', 0644, $size);
            print $body, "\0" x ((512 - $size % 512) % 512);
            $count++;
        }
    }
}
print "\0" x 1024;
