package dev.mediagc.cli;

/** The activestorage preset on a Disk service root: blob KEY at KE/Y./KEY, variants under va/ri/variants/. */
class ActiveStorageDiskPresetTest extends ActiveStorageApplication {

    @Override
    boolean diskService() {
        return true;
    }
}
