# The model does no I/O: no stdio streams, files or HDF5 in model/.
. "$(dirname "$0")/lib.sh"
if grep -nE '\b(printf|fprintf|puts|fputs|fopen|fwrite|fread|FILE|stdout|stderr|H5[A-Za-z]+\(|#include <hdf5|#include <libconfig)' model/*.c model/*.h \
   | grep -v 'snprintf'; then
	die "model/ does I/O (see above)"
fi
echo "model/ has no I/O"
